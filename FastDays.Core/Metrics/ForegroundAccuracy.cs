using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>fastai's foreground_acc: the accuracy of argmax predictions (along axis 1) over the pixels labelled neither background nor void, counted
/// over the whole pass.</summary>
internal sealed class ForegroundAccuracy(long bkgIdx, long? voidCode) : Metric, IDisposable
{
    private readonly RunningSum _correct = new();

    /// <inheritdoc />
    public override string Name => "foreground_acc";

    /// <inheritdoc />
    public override double Value => _correct.Mean;

    /// <inheritdoc />
    public override void Reset() => _correct.Reset();

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var (pred, targ) = (learn.Pred!.detach().argmax(1).reshape(-1), learn.Batch!.Y.reshape(-1));
        if (pred.shape[0] != targ.shape[0])
            throw new ArgumentException($"{Name} needs a target per pixel: predictions decode to {pred.shape[0]} values, targets have {targ.shape[0]}");
        var kept = targ.ne(scalars.Of(bkgIdx));
        if (voidCode is { } v) kept = kept.logical_and(targ.ne(scalars.Of(v)));
        // The count of foreground pixels is read here: weighting by it keeps the pass's value exact however the pixels fall into batches.
        var count = kept.sum().item<long>();
        if (count > 0) _correct.Add(pred.eq(targ).logical_and(kept).sum().to_type(ScalarType.Float64).div(scalars.Of(count)), count);
    }

    /// <inheritdoc />
    public void Dispose() => _correct.Dispose();
}
