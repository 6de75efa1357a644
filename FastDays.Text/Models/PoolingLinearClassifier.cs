using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's PoolingLinearClassifier: concat pooling of a SentenceEncoder's outputs over the tokens that are not padding — the last token's
/// output, the maximum and the mean — then blocks of batch norm, dropout and a linear layer without bias (fastai's LinBnDrop), ReLU between them.
/// </summary>
public sealed class PoolingLinearClassifier : nn.Module<(Tensor Output, Tensor Mask), Tensor>
{
    private readonly Sequential layers;

    /// <summary>A head of dims (3·features, hidden…, classes) with dropouts ps, one per layer; bptt is the encoder's window.</summary>
    public PoolingLinearClassifier(IReadOnlyList<int> dims, IReadOnlyList<double> ps, int bptt) : base(nameof(PoolingLinearClassifier))
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(ps);
        if (dims.Count < 2 || ps.Count != dims.Count - 1)
            throw new ArgumentException($"{ps.Count} dropouts for {dims.Count - 1} layers (dims {string.Join(", ", dims)}): one each");
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        Bptt = bptt;
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < dims.Count - 1; i++)
        {
            blocks.Add(new FastDays.Modules.BatchNormLayer(dims[i], ndim: 1));
            if (ps[i] != 0) blocks.Add(nn.Dropout(ps[i]));
            blocks.Add(nn.Linear(dims[i], dims[i + 1], hasBias: false));
            if (i < dims.Count - 2) blocks.Add(nn.ReLU());
        }
        layers = nn.Sequential(blocks);
        RegisterComponents();
    }

    /// <summary>The encoder's window.</summary>
    public int Bptt { get; }

    /// <summary>Class scores (batch, classes) for an encoder's outputs and padding mask.</summary>
    public override Tensor forward((Tensor Output, Tensor Mask) input)
    {
        using var scope = NewDisposeScope();
        return layers.forward(MaskedConcatPool(input.Output, input.Mask, Bptt)).MoveToOuterDisposeScope();
    }

    /// <summary>fastai's masked_concat_pool: for outputs (batch, tokens, features) and their padding mask, the output at the last token that is not
    /// padding, the maximum and the mean over tokens that are not padding, joined (batch, 3·features); bptt is kept for fastai's signature.</summary>
    public static Tensor MaskedConcatPool(Tensor output, Tensor mask, int bptt)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var (bs, tokens, features) = (output.shape[0], output.shape[1], output.shape[2]);
        var padded = mask.unsqueeze(2);
        var lens = mask.logical_not().sum(dim: 1, type: output.dtype).clamp_min(scalars.Of(1));
        var avg = output.masked_fill(padded, scalars.Of(0.0)).sum(dim: 1).div(lens.unsqueeze(1));
        var max = output.masked_fill(padded, scalars.Of(double.NegativeInfinity)).max(1).values;
        // The last position that is not padding. (fastai counts the padding among the last bptt tokens instead, which miscounts a short text whose
        // leading padding reaches into them.)
        var positions = arange(scalars.Of(0L), scalars.Of(tokens), scalars.Of(1L),
            dtype: ScalarType.Int64, device: output.device).unsqueeze(0).expand(bs, tokens);
        var lastIdx = positions.masked_fill(mask, scalars.Of(-1L)).max(1).values.clamp_min(scalars.Of(0L)).view(bs, 1, 1).expand(bs, 1, features);
        var last = output.gather(1, lastIdx).squeeze(1);
        return cat([last, max, avg], 1).MoveToOuterDisposeScope();
    }
}
