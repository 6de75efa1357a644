using FastDays.Data;
using FastDays.Learning;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>Predicting image files with a loaded export (chapter 2's deployment): each file goes through the input block and the validation item and
/// batch transforms the export recorded, so the caller resizes nothing, and the target block decodes the outputs.</summary>
public static class ImageInference
{
    /// <summary>One image file as the model's validation items were before batching: decoded by the input block and through the item transforms
    /// (uint8, channels × height × width); exports that predate blocks get a centre crop to their item shape.</summary>
    public static Tensor Encode(this InferenceLearner learn, string file)
    {
        ArgumentNullException.ThrowIfNull(learn);
        if (learn.Blocks.Count == 0) return Fitted(learn, file);
        var input = DataSpecs.Block(learn.Blocks[0]);
        var tfms = learn.ItemTfms.Select(DataSpecs.Transform<IItemTransform>).ToList();
        var rng = new Random(0);
        // As a loader builds a validation item: the first transform fused into decoding where the block can (a Resize drawn by SkiaSharp).
        var fused = tfms.Count > 0 ? input.EncodeFused(file, tfms[0], rng, training: false) : null;
        using var item = new Item([fused ?? input.Encode(file)], [input.Type]);
        foreach (var tfm in tfms.Skip(fused is null ? 0 : 1)) tfm.Apply(item, rng, training: false);
        return item.Take(0);
    }

    /// <summary>Predicts images encoded by Encode (of one size), as one batch: the decoded target of each with its outputs.</summary>
    public static IReadOnlyList<Prediction> Predict(this InferenceLearner learn, IReadOnlyList<Tensor> encoded)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Count == 0) return [];
        using var scope = NewDisposeScope();
        var batch = new Batch([stack(encoded)], [TensorType.Image]);
        foreach (var spec in learn.BatchTfms) batch = DataSpecs.Transform<IBatchTransform>(spec).Apply(batch, training: false);
        var preds = learn.GetPreds(batch.X);
        return learn.Decode(preds, (batch.X.shape[2], batch.X.shape[3]));
    }

    /// <summary>Predicts one image file: its decoded target (a class name, a set of names, points in the model input's pixels) with the outputs.</summary>
    public static Prediction Predict(this InferenceLearner learn, string file)
    {
        using var image = learn.Encode(file);
        return learn.Predict([image])[0];
    }

    private static Tensor Fitted(InferenceLearner learn, string file)
    {
        if (learn.ItemShape is not [var channels and (1 or 3), var height, var width])
            throw new InvalidDataException($"the export's model takes inputs of shape {Formats.List(learn.ItemShape ?? [])}, not 1- or 3-channel images");
        using var image = ImageDecoder.Decode(file, channels == 1 ? ImageMode.Gray : ImageMode.Rgb);
        return height == width ? new Resize((int)height).Apply(image, new Random(0), training: false) : ImageOps.ResizeTo(image, height, width);
    }
}
