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
        // A one-item validation set of the export's input block and item transforms: decoded as a loader decodes (the first transform fused
        // where the block can), checked, transformed, and named by its file when a step fails.
        var input = DataSpecs.Block(learn.Blocks[0]);
        var items = new BlockDataset([file], [[file]], [input], 1, [.. learn.ItemTfms.Select(DataSpecs.Transform<IItemTransform>)], training: false);
        using var item = items.GetItem(0);
        return item.Take(0);
    }

    /// <summary>Predicts images encoded by Encode (of one size), as one batch: the decoded target of each with its outputs.</summary>
    public static IReadOnlyList<Prediction> Predict(this InferenceLearner learn, IReadOnlyList<Tensor> encoded)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Count == 0) return [];
        using var scope = NewDisposeScope();
        var x = Transformed(learn, encoded);
        var preds = learn.GetPreds(x);
        return learn.Decode(preds, (x.shape[2], x.shape[3]));
    }

    /// <summary>Images encoded by Encode (of one size) as the model takes them: one batch, through the export's batch transforms and normalisation,
    /// on the learner's device (what CAM and Grad-CAM look at).</summary>
    public static Tensor ModelInput(this InferenceLearner learn, IReadOnlyList<Tensor> encoded)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(encoded);
        using var scope = NewDisposeScope();
        var x = Transformed(learn, encoded).to(learn.Device);
        return (learn.Normalize is { } normalize ? normalize.Forward(x) : x).MoveToOuterDisposeScope();
    }

    /// <summary>Images encoded by Encode (of one size) as one batch through the export's batch transforms, before the normalisation: float pixels in
    /// 0–1 on the CPU, what an ONNX file written by ExportOnnx takes.</summary>
    public static Tensor BatchInput(this InferenceLearner learn, IReadOnlyList<Tensor> encoded)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(encoded);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var x = Transformed(learn, encoded).cpu();
        // uint8 pixels are scaled as the normalisation scales them (fastai's IntToFloatTensor fused into Normalize).
        return (x.dtype == ScalarType.Byte ? x.to_type(ScalarType.Float32).div_(scalars.Of(255.0)) : x.to_type(ScalarType.Float32)).MoveToOuterDisposeScope();
    }

    // The encoded images stacked and through the export's batch transforms (in the caller's dispose scope).
    private static Tensor Transformed(InferenceLearner learn, IReadOnlyList<Tensor> encoded)
    {
        var batch = new Batch([stack(encoded)], [TensorType.Image]);
        foreach (var spec in learn.BatchTfms) batch = DataSpecs.Transform<IBatchTransform>(spec).Apply(batch, training: false);
        return batch.X;
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
