using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>A collated mini-batch: inputs and targets, owned by the batch and freed when it is disposed.</summary>
public sealed class Batch : IDisposable
{
    /// <summary>Wraps input and target tensors whose first dimension is the batch size.</summary>
    public Batch(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() == 0 || y.dim() == 0 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"inputs of shape {Formats.Shape(x)} and targets of shape {Formats.Shape(y)} do not share a batch dimension");
        X = x;
        Y = y;
    }

    /// <summary>The inputs, batch dimension first.</summary>
    public Tensor X { get; }

    /// <summary>The targets, batch dimension first.</summary>
    public Tensor Y { get; }

    /// <summary>The number of items in the batch.</summary>
    public long Size => X.shape[0];

    /// <summary>This batch on another device: the same batch when already there, else a copy (this one is disposed).</summary>
    public Batch To(Device device)
    {
        if (X.device == device && Y.device == device) return this;
        var moved = new Batch(X.to(device, non_blocking: true), Y.to(device, non_blocking: true));
        Dispose();
        return moved;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}
