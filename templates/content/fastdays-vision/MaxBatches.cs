using FastDays.Learning;

namespace FastDaysVision;

/// <summary>Ends the training part of each epoch after a number of batches (--max-batches: a quick check that everything runs).</summary>
public sealed class MaxBatches(int limit) : Callback
{
    private int _batches;

    /// <inheritdoc />
    public override void BeforeFit() => _batches = 0;

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (Learn.Training && ++_batches >= limit) throw new CancelTrainException();   // the rest of the training part; validation still runs
    }
}
