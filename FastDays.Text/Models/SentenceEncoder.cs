using FastDays.Text.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's SentenceEncoder: reads padded texts (batch, length) through an AWD-LSTM bptt tokens at a time from a cleared state, a text
/// joining in at the window where it starts (rows not yet started are left out, and begin from a zero state), and returns the outputs of the last
/// maxLen tokens with the mask of their padding. Gradients stop between windows, as the AWD-LSTM detaches its state.</summary>
public sealed class SentenceEncoder : nn.Module<Tensor, (Tensor Output, Tensor Mask)>, IResettable
{
    private readonly AwdLstm module;

    /// <summary>An encoder reading windows of bptt tokens with module; maxLen bounds the tokens whose outputs are kept (all when null).</summary>
    public SentenceEncoder(int bptt, AwdLstm module, int padIdx = 1, int? maxLen = null) : base(nameof(SentenceEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bptt, 1);
        if (maxLen is < 1) throw new ArgumentOutOfRangeException(nameof(maxLen), maxLen, "max_len keeps at least one token");
        (Bptt, PadIdx, MaxLen) = (bptt, padIdx, maxLen);
        this.module = module ?? throw new ArgumentNullException(nameof(module));
        RegisterComponents();
    }

    /// <summary>The window read at a time.</summary>
    public int Bptt { get; }

    /// <summary>The padding token's index.</summary>
    public int PadIdx { get; }

    /// <summary>The most tokens whose outputs are kept, or null for all.</summary>
    public int? MaxLen { get; }

    /// <summary>The AWD-LSTM.</summary>
    public AwdLstm Module => module;

    /// <summary>Outputs (batch, kept tokens, features) — zeros where a text had not started — and the padding mask (batch, kept tokens).</summary>
    public override (Tensor Output, Tensor Mask) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2) throw new ArgumentException($"a SentenceEncoder reads token indices (batch, length), got ({string.Join(", ", input.shape)})");
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        module.Reset();
        var (bs, sl) = (input.shape[0], input.shape[1]);
        var isPad = input.eq(scalars.Of(PadIdx));
        // Where each text starts (its leading padding); rows are read in order of their start, so those started form the batch's first rows.
        var starts = isPad.logical_not().to_type(ScalarType.Int64).argmax(1).cpu().data<long>().ToArray();
        var order = Enumerable.Range(0, (int)bs).OrderBy(i => starts[i]).ToArray();
        var sorted = order.Select((r, i) => r == i).All(same => same) ? null : tensor(Array.ConvertAll(order, i => (long)i), device: input.device);
        var (rows, mask) = sorted is null ? (input, isPad) : (input.index_select(0, sorted), isPad.index_select(0, sorted));
        Array.Sort(starts);
        var (outs, masks) = (new List<Tensor>(), new List<Tensor>());
        for (long i = 0; i < sl; i += Bptt)
        {
            var len = Math.Min(Bptt, sl - i);
            var realBs = starts.Count(s => s <= i);
            var o = realBs == 0 ? zeros(0, len, module.Config.EmbSz, device: input.device) : module.forward(rows.narrow(0, 0, realBs).narrow(1, i, len));
            if (MaxLen is { } max && sl - i > max) continue;
            outs.Add(realBs == bs ? o : cat([o, zeros(bs - realBs, len, o.shape[2], dtype: o.dtype, device: o.device)], 0));
            masks.Add(mask.narrow(1, i, len));
        }
        var output = cat(outs, 1);
        var outMask = cat(masks, 1);
        if (sorted is not null)
        {
            var inverse = sorted.argsort();
            (output, outMask) = (output.index_select(0, inverse), outMask.index_select(0, inverse));
        }
        return (output.MoveToOuterDisposeScope(), outMask.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public void Reset() => module.Reset();
}
