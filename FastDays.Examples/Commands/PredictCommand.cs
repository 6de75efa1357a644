using System.Globalization;
using FastDays.Vision.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>`predict EXPORT IMAGE|FOLDER...`: loads an export (such as the one train writes) and prints one line per image: the file, the predicted
/// label and its probability.</summary>
internal sealed class PredictCommand : ExampleCommand<PredictOptions>
{
    /// <inheritdoc />
    public override string Name => "predict";

    /// <inheritdoc />
    public override string Summary => "Predict images with an export: one TAB-separated line per image: the file, the label and its probability";

    /// <inheritdoc />
    public override int Run(PredictOptions o)
    {
        var (export, bs) = (o.Export, o.Bs);
        var inputs = Inputs(o.Inputs).ToList();
        var device = TorchDevices.Resolve(o.Device);
        var learn = ExportExtensions.LoadLearner(export, device);
        try
        {
            // The model's input: (channels, height, width), as its validation batches were shaped when it was exported.
            if (learn.ItemShape is null) throw new InvalidDataException($"{export}: the export does not record the model's input shape (it " +
                "predates that); export the learner again");
            if (learn.ItemShape is not [var channels and (1 or 3), var height, var width])
                throw new InvalidDataException($"{export}: the model's inputs have shape {Formats.List(learn.ItemShape)}, not that of 1- or 3-channel images");
            if (learn.Activation != "softmax" || learn.Vocab.Count == 0)
                throw new InvalidDataException($"{export}: not a classifier (output activation '{learn.Activation}', {learn.Vocab.Count} classes)");
            var failures = 0;
            foreach (var chunk in inputs.Chunk(bs))
                failures += PredictChunk(learn, chunk, channels == 1 ? ImageMode.Gray : ImageMode.Rgb, height, width);
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            learn.Model.Dispose();
        }
    }

    /// <summary>Decodes and fits each image to the model's size, predicts those that decoded in one batch, and prints a line per file in order.</summary>
    private static int PredictChunk(InferenceLearner learn, string[] files, ImageMode mode, long height, long width)
    {
        using var scope = NewDisposeScope();
        var images = new Tensor?[files.Length];
        var errors = new string?[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            try { images[i] = Fit(ImageDecoder.Decode(files[i], mode), height, width); }       // (c, height, width) uint8
            catch (InvalidDataException e) { errors[i] = e.Message; }
        }
        var decoded = images.OfType<Tensor>().ToList();
        var probs = decoded.Count > 0 ? learn.GetPreds(stack(decoded)) : null;                    // (decoded, classes)
        var (best, index) = probs is null ? (null, null) : probs.max(1);
        var (bestValues, indices) = (best?.data<float>().ToArray() ?? [], index?.data<long>().ToArray() ?? []);
        for (int i = 0, row = 0; i < files.Length; i++)
        {
            if (errors[i] is { } error) Console.WriteLine($"{files[i]}\terror\t{error}");
            else
            {
                Console.WriteLine($"{files[i]}\t{learn.Vocab[(int)indices[row]]}\t{bestValues[row].ToString("F4", CultureInfo.InvariantCulture)}");
                row++;
            }
        }
        return errors.Count(e => e is not null);
    }

    /// <summary>The image resized as validation resizes: the shorter side to the model's, then the centre cropped (a squish when the model's input is
    /// not square).</summary>
    private static Tensor Fit(Tensor image, long height, long width) =>
        height == width ? new Resize((int)height).Apply(image, Random.Shared, training: false) : ImageOps.ResizeTo(image, height, width);

    /// <summary>The files named, with each folder replaced by the image files under it (GetImageFiles: sorted); a path that does not exist stays, so
    /// that its line reports it; a folder without images is an error.</summary>
    private static IEnumerable<string> Inputs(IEnumerable<string> paths) =>
        paths.SelectMany(path => !Directory.Exists(path) ? [path] : ImageDataLoaders.GetImageFiles(path) is { Count: > 0 } files ? files
            : throw new InvalidDataException($"{path}: a folder without image files ({string.Join(", ", ImageDataLoaders.ImageExtensions.Order())})"));
}
