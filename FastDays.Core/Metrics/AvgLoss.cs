using FastDays.Learning;

namespace FastDays.Metrics;

/// <summary>The loss averaged over the pass, weighted by batch size (summed on the device, read at the end).</summary>
public sealed class AvgLoss : Metric, IDisposable
{
    private readonly RunningSum _sum = new();

    /// <inheritdoc />
    public override string Name => "loss";

    /// <inheritdoc />
    public override double Value => _sum.Mean;

    /// <inheritdoc />
    public override void Reset() => _sum.Reset();

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var mean = learn.Loss!.mean();
        _sum.Add(mean, learn.Batch!.Size);
    }

    /// <inheritdoc />
    public void Dispose() => _sum.Dispose();
}
