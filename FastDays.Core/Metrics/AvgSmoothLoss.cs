using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>An exponentially weighted, debiased moving average of the training loss (beta 0.98, as fastai).</summary>
public sealed class AvgSmoothLoss(double beta = 0.98) : Metric
{
    private double _value;
    private int _count;

    /// <inheritdoc />
    public override string Name => "loss";

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : _value / (1 - Math.Pow(beta, _count));

    /// <inheritdoc />
    public override void Reset() => (_value, _count) = (0, 0);

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var loss = learn.Loss!.mean().to_type(ScalarType.Float64);
        _count++;
        _value = beta * _value + (1 - beta) * loss.item<double>();
    }
}
