using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed per batch and averaged weighted by batch size, so uneven last batches count correctly (summed on the device, read at
/// the end).</summary>
public sealed class AvgMetric(string name, Func<Tensor, Tensor, Tensor> func) : Metric, IDisposable
{
    private readonly RunningSum _sum = new();

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override double Value => _sum.Mean;

    /// <inheritdoc />
    public override void Reset() => _sum.Reset();

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        _sum.Add(func(learn.Pred!.detach(), learn.Batch!.Y), learn.Batch.Size);
    }

    /// <inheritdoc />
    public void Dispose() => _sum.Dispose();
}
