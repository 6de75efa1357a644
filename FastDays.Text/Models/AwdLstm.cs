using FastDays.Text.Callbacks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's AWD_LSTM (Merity et al.): an embedding with whole-word dropout, input dropout, then LSTM layers with weight dropout and
/// dropout between them; the hidden state is carried from batch to batch, detached (truncated backpropagation), and follows the batch size as
/// fastai's does — rows dropped from the end, new rows started at zero.</summary>
public sealed class AwdLstm : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding encoder;
    private readonly EmbeddingDropout encoder_dp;
    private readonly ModuleList<WeightDropout> rnns;
    private readonly RnnDropout input_dp;
    private readonly ModuleList<RnnDropout> hidden_dps;
    private Tensor[] _h = [];
    private Tensor[] _c = [];

    /// <summary>An AWD-LSTM over a vocabulary of vocabSz tokens with config's sizes and dropouts; the embedding is uniform in ±0.1 as fastai's.
    /// </summary>
    public AwdLstm(int vocabSz, AwdLstmConfig config) : base(nameof(AwdLstm))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSz, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.NLayers, 1);
        Config = config;
        encoder = nn.Embedding(vocabSz, config.EmbSz, padding_idx: config.PadToken);
        using (no_grad()) encoder.weight!.uniform_(-0.1, 0.1);
        encoder_dp = new EmbeddingDropout(encoder, config.EmbedP);
        rnns = nn.ModuleList([.. Enumerable.Range(0, config.NLayers).Select(l => new WeightDropout(
            l == 0 ? config.EmbSz : config.NHid, l == config.NLayers - 1 ? config.EmbSz : config.NHid, config.WeightP))]);
        input_dp = new RnnDropout(config.InputP);
        hidden_dps = nn.ModuleList([.. Enumerable.Range(0, config.NLayers).Select(_ => new RnnDropout(config.HiddenP))]);
        RegisterComponents();
    }

    /// <summary>The sizes and dropouts.</summary>
    public AwdLstmConfig Config { get; }

    /// <summary>The embedding (which a tied decoder shares).</summary>
    public Embedding Encoder => encoder;

    /// <summary>The LSTM layers.</summary>
    public IReadOnlyList<WeightDropout> Rnns => [.. rnns];

    /// <summary>The output of the last LSTM layer (batch, sequence, embSz) for token indices (batch, sequence), from the state the previous batch
    /// left.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2) throw new ArgumentException($"an AWD-LSTM reads token indices (batch, sequence), got ({string.Join(", ", input.shape)})");
        using var scope = NewDisposeScope();
        var bs = input.shape[0];
        var output = input_dp.forward(encoder_dp.forward(input));
        var (hs, cs) = (new Tensor[rnns.Count], new Tensor[rnns.Count]);
        for (var l = 0; l < rnns.Count; l++)
        {
            var state = State(l, bs, output.device);
            (output, hs[l], cs[l]) = rnns[l].forward(output, state);
            if (l != rnns.Count - 1) output = hidden_dps[l].forward(output);
        }
        Keep(hs, cs);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Clears the hidden state (fastai's reset).</summary>
    public void Reset() => Replace([], []);

    // Layer l's state for a batch of bs rows: the kept one, cut or grown with zero rows to bs.
    private (Tensor H, Tensor C) State(int l, long bs, Device device)
    {
        var size = rnns[l].HiddenSize;
        if (_h.Length != rnns.Count) return (zeros(bs, size, device: device), zeros(bs, size, device: device));
        Tensor Fit(Tensor s) => s.shape[0] == bs ? s.alias() : s.shape[0] > bs ? s.narrow(0, 0, bs)
            : cat([s, zeros(bs - s.shape[0], size, dtype: s.dtype, device: s.device)], 0);
        return (Fit(_h[l]), Fit(_c[l]));
    }

    private void Keep(Tensor[] hs, Tensor[] cs) => Replace([.. hs.Select(h => h.detach())], [.. cs.Select(c => c.detach())]);

    private void Replace(Tensor[] hs, Tensor[] cs)
    {
        foreach (var t in hs.Concat(cs)) t.DetachFromDisposeScope();
        foreach (var t in _h.Concat(_c)) t.Dispose();
        (_h, _c) = (hs, cs);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Reset();
        base.Dispose(disposing);
    }
}
