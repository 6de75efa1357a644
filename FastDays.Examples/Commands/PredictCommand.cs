using System.Globalization;
using FastDays.Vision.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Learning;

namespace FastDays.Examples.Commands;

/// <summary>`predict EXPORT IMAGE|FOLDER...`: loads an export (such as the one train, multilabel or points writes) and prints one line per image: the
/// file, the decoded prediction and its score.</summary>
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
        var device = TorchDevices.Resolve(o.Device);
        var learn = ExportExtensions.LoadLearner(export, device);
        try
        {
            if (learn.Blocks.Count > 0 && learn.Blocks[0].Kind == nameof(FastDays.Text.Data.TextBlock)) return PredictTexts(learn, o.Inputs, bs);
            var inputs = Inputs(o.Inputs).ToList();
            if (learn.ItemShape is null) throw new InvalidDataException($"{export}: the export does not record the model's input shape (it " +
                "predates that); export the learner again");
            if (learn.Blocks.Count == 0 && (learn.Activation != "softmax" || learn.Vocab.Count == 0))
                throw new InvalidDataException($"{export}: not a classifier (output activation '{learn.Activation}', {learn.Vocab.Count} classes)");
            if (o.Onnx.Length > 0) return PredictOnnx(learn, o.Onnx, inputs, bs);
            var failures = 0;
            foreach (var chunk in inputs.Chunk(bs)) failures += PredictChunk(learn, chunk, o.Out);
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            learn.Model.Dispose();
        }
    }

    /// <summary>Encodes each image as the export's validation items were (its blocks and item transforms), predicts those that decoded in one batch,
    /// and prints a line per file in order: the decoded target (a label, a label set, points, a mask's classes) and a score (the probability of the
    /// label, the highest probability of a label set) or, for a segmentation model, the PNG the predicted mask is written to (in CamVid's format).
    /// </summary>
    private static int PredictChunk(InferenceLearner learn, string[] files, string folder)
    {
        using var scope = NewDisposeScope();
        var images = new Tensor?[files.Length];
        var errors = new string?[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            try { images[i] = learn.Encode(files[i]); }
            catch (InvalidDataException e) { errors[i] = e.Message; }
        }
        var predictions = learn.Predict(images.OfType<Tensor>().ToList());
        for (int i = 0, row = 0; i < files.Length; i++)
        {
            if (errors[i] is { } error) Console.WriteLine($"{files[i]}\terror\t{error}");
            else
            {
                var p = predictions[row++];
                var score = p.Decoded is DecodedMask mask
                    ? MaskPng.Save(Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(files[i])}_P.png"), mask)
                    : Score(learn, p);
                Console.WriteLine($"{files[i]}\t{p.Text}\t{score}");
            }
        }
        return errors.Count(e => e is not null);
    }

    /// <summary>As PredictChunk for an image classifier, the model run by ONNX Runtime from the file export-onnx wrote: the export still decodes and
    /// fits each image (its item and batch transforms), BatchInput hands the pixels over.</summary>
    private static int PredictOnnx(InferenceLearner learn, string onnxFile, IReadOnlyList<string> files, int bs)
    {
        if (learn.Activation != "softmax" || learn.Vocab.Count == 0)
            throw new ArgumentException($"--onnx runs image classifiers; this export's output is '{learn.Activation}' over {learn.Vocab.Count} classes");
        using var onnx = new FastDays.Onnx.OnnxModel(onnxFile);
        if (!onnx.Classes.SequenceEqual(learn.Vocab))
            throw new InvalidDataException($"{onnxFile}: its classes ({string.Join(", ", onnx.Classes)}) are not the export's; write it from this export");
        var failures = 0;
        foreach (var chunk in files.Chunk(bs))
        {
            using var scope = NewDisposeScope();
            var lines = new string[chunk.Length];   // printed in the files' order
            var images = new List<(int At, Tensor Image)>();
            for (var i = 0; i < chunk.Length; i++)
            {
                try { images.Add((i, learn.Encode(chunk[i]))); }
                catch (InvalidDataException e)
                {
                    lines[i] = $"{chunk[i]}\terror\t{e.Message}";
                    failures++;
                }
            }
            if (images.Count > 0)
            {
                var input = learn.BatchInput([.. images.Select(i => i.Image)]);
                var (values, width) = onnx.Run(input);
                for (var i = 0; i < images.Count; i++)
                {
                    var row = values.AsSpan(i * width, width);
                    var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
                    lines[images[i].At] = $"{chunk[images[i].At]}\t{onnx.Classes[best]}\t{row[best].ToString("F4", CultureInfo.InvariantCulture)}";
                }
            }
            foreach (var line in lines) Console.WriteLine(line);
        }
        return failures == 0 ? 0 : 1;
    }

    // The probability of the label, the highest probability of a label set, nothing for other targets.
    private static string Score(InferenceLearner learn, Prediction p) => learn.Activation switch
    {
        "softmax" => p.Outputs[p.Index].ToString("F4", CultureInfo.InvariantCulture),
        "sigmoid" => p.Outputs.Max().ToString("F4", CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>A text classifier's predictions, a line per text file (folders replaced by their .txt files, sorted): the file, the class and its
    /// probability; a file that cannot be read (not UTF-8, too large, empty) gets a line with its error.</summary>
    private static int PredictTexts(InferenceLearner learn, IEnumerable<string> paths, int bs)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : (IEnumerable<string>)[p]).ToList();
        var failures = 0;
        foreach (var chunk in files.Chunk(bs))
        {
            var texts = new List<(string File, string Text)>();
            foreach (var file in chunk)
            {
                try
                {
                    var text = FastDays.Text.Data.TextFiles.Read(file);
                    if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{file}: an empty text");
                    texts.Add((file, text));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    Console.WriteLine($"{file}	ERROR	{e.Message}");
                    failures++;
                }
            }
            if (texts.Count == 0) continue;
            var predictions = FastDays.Text.Learning.TextInference.PredictTexts(learn, [.. texts.Select(t => t.Text)], bs);
            for (var i = 0; i < texts.Count; i++) Console.WriteLine($"{texts[i].File}	{predictions[i].Text}	{Score(learn, predictions[i])}");
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The files named, with each folder replaced by the image files under it (GetImageFiles: sorted); a path that does not exist stays, so
    /// that its line reports it; a folder without images is an error.</summary>
    private static IEnumerable<string> Inputs(IEnumerable<string> paths) =>
        paths.SelectMany(path => !Directory.Exists(path) ? [path] : ImageDataLoaders.GetImageFiles(path) is { Count: > 0 } files ? files
            : throw new InvalidDataException($"{path}: a folder without image files ({string.Join(", ", ImageDataLoaders.ImageExtensions.Order())})"));
}
