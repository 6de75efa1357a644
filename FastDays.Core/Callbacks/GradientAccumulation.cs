using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's GradientAccumulation: sums gradients over batches and steps only once nAcc items have been seen, emulating a larger batch.</summary>
public sealed class GradientAccumulation(int nAcc = 32) : Callback
{
    private long _count;

    /// <inheritdoc />
    public override int Order => -20;

    /// <inheritdoc />
    public override void BeforeFit() => _count = 0;

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training) return;
        // Scaled so the summed gradient is the mean over the accumulated items, as one large batch would give.
        using var scalars = new ScalarScope();
        Learn.LossGrad = Learn.LossGrad!.mul(scalars.Of(Learn.Batch!.Size / (double)nAcc));
    }

    /// <inheritdoc />
    public override void BeforeStep()
    {
        _count += Learn.Batch!.Size;
        if (_count < nAcc) throw new CancelBatchException();
        _count = 0;
    }
}
