using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed per batch and averaged weighted by batch size, so uneven last batches count correctly.</summary>
public sealed class AvgMetric(string name, Func<Tensor, Tensor, Tensor> func) : Metric
{
    private double _total;
    private long _count;

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : _total / _count;

    /// <inheritdoc />
    public override void Reset() => (_total, _count) = (0, 0);

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        var bs = learn.Batch!.Size;
        using var value = func(learn.Pred!.detach(), learn.Batch.Y);
        _total += value.to_type(ScalarType.Float64).item<double>() * bs;
        _count += bs;
    }
}
