using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>An exponentially weighted, debiased moving average of the training loss (beta 0.98, as fastai), kept on the loss's device so accumulating
/// never waits for it.</summary>
public sealed class AvgSmoothLoss(double beta = 0.98) : Metric, IDisposable
{
    private Tensor? _value;
    private int _count;

    /// <inheritdoc />
    public override string Name => "loss";

    /// <inheritdoc />
    public override double Value => _count == 0 ? double.NaN : _value!.item<double>() / (1 - Math.Pow(beta, _count));

    /// <summary>The current value as a 0-dim float64 tensor on the loss's device (a copy the caller owns), or null before the first batch.</summary>
    public Tensor? ValueTensor()
    {
        if (_count == 0) return null;
        using var scalars = new ScalarScope();
        return _value!.div(scalars.Of(1 - Math.Pow(beta, _count)));
    }

    /// <inheritdoc />
    public override void Reset()
    {
        _value?.Dispose();
        (_value, _count) = (null, 0);
    }

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var loss = learn.Loss!.mean().to_type(ScalarType.Float64);
        _value ??= zeros_like(loss).DetachFromDisposeScope();
        _value.mul_(scalars.Of(beta)).add_(loss, alpha: scalars.Of(1 - beta));
        _count++;
    }

    /// <summary>The running (not yet debiased) average and the number of batches in it, for a checkpoint.</summary>
    public (double Raw, int Count) State => (_count == 0 ? 0 : _value!.item<double>(), _count);

    /// <summary>Restores a state read from a checkpoint, on device.</summary>
    public void Restore(double raw, int count, Device device)
    {
        Reset();
        if (count == 0) return;
        _value = tensor(raw, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        _count = count;
    }

    /// <inheritdoc />
    public void Dispose() => Reset();
}
