using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's IntToFloatTensor: uint8 images to floats in [0, 1] on the device (labels untouched).</summary>
public sealed class IntToFloatTensor : IBatchTransform
{
    /// <inheritdoc />
    public Batch Apply(Batch batch, bool training)
    {
        if (batch.X.dtype != ScalarType.Byte) return batch;
        using var s = new ScalarScope();
        return new Batch(batch.X.to_type(ScalarType.Float32).div_(s.Of(255.0)), batch.Y);
    }
}
