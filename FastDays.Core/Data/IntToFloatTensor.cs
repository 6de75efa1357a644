using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's IntToFloatTensor: uint8 images to floats in [0, 1] on the device (masks, labels and other parts untouched).</summary>
public sealed class IntToFloatTensor : IBatchTransform, IExportableTransform
{
    /// <inheritdoc />
    public TransformSpec Spec() => new(nameof(IntToFloatTensor), []);

    /// <inheritdoc />
    public Batch Apply(Batch batch, bool training)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var s = new ScalarScope();
        foreach (var i in batch.IndicesOf(TensorType.Image))
            if (batch.Parts[i].dtype == ScalarType.Byte) batch = batch.With(i, batch.Parts[i].to_type(ScalarType.Float32).div_(s.Of(255.0)));
        return batch;
    }
}
