using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>The loss averaged over the pass, weighted by batch size.</summary>
public sealed class AvgLoss : Metric
{
    private double _total;
    private long _count;

    /// <inheritdoc />
    public override string Name => "loss";

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : _total / _count;

    /// <inheritdoc />
    public override void Reset() => (_total, _count) = (0, 0);

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        var bs = learn.Batch!.Size;
        using var loss = learn.Loss!.mean().to_type(ScalarType.Float64);
        _total += loss.item<double>() * bs;
        _count += bs;
    }
}
