using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A batch-size-weighted sum kept as a float64 tensor on the device, read as a number only at the end of a pass.</summary>
internal sealed class RunningSum : IDisposable
{
    private Tensor? _total;

    /// <summary>The number of items added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a batch's mean value, weighted by its size.</summary>
    public void Add(Tensor batchMean, long size)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var value = batchMean.to_type(ScalarType.Float64);
        _total ??= zeros_like(value).DetachFromDisposeScope();
        _total.add_(value, alpha: scalars.Of(size));
        Count += size;
    }

    /// <summary>The weighted mean (one device-to-host copy), NaN when nothing was added.</summary>
    public double Mean => Count == 0 ? double.NaN : _total!.item<double>() / Count;

    /// <summary>Clears the sum.</summary>
    public void Reset()
    {
        _total?.Dispose();
        (_total, Count) = (null, 0);
    }

    /// <inheritdoc />
    public void Dispose() => Reset();
}
