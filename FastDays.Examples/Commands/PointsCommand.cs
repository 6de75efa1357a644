using System.Diagnostics;
using System.Globalization;
using FastDays.Examples.Canvases;
using FastDays.Examples.Train;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 6, key points (BIWI head pose): a DataBlock of images and points, augmentation that moves the point with the image, MSE
/// from the target block, the error in pixels, and an export that predicts the point of an image file.</summary>
internal sealed class PointsCommand : ExampleCommand<PointsOptions>
{
    /// <inheritdoc />
    public override string Name => "points";

    /// <inheritdoc />
    public override string Summary => "Chapter 6, key points: the centre of a garment placed at random on a canvas (or fname,x,y), PointBlock, error in pixels";

    /// <inheritdoc />
    public override int Run(PointsOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        manual_seed(o.Seed);
        var clock = Stopwatch.StartNew();

        // 1. A folder of images and points.csv: fname, x, y (pixels).
        var path = File.Exists(Path.Combine(o.Data, "points.csv")) ? o.Data : WriteCanvases(o);
        var df = CsvRows.Read(Path.Combine(path, "points.csv"));
        Console.WriteLine($"{df.Count} rows in {Path.Combine(path, "points.csv")}, e.g. {df[0]["fname"]}: ({df[0]["x"]}, {df[0]["y"]})");

        // 2. The data block: an image and one point; flips, rotations, zooms and warps move the point with the pixels.
        static float Cell(IReadOnlyDictionary<string, string> r, string col) =>
            float.TryParse(Labellers.Cell(r, col), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"column '{col}' holds '{r[col]}', not a number");
        var dblock = new DataBlock<IReadOnlyDictionary<string, string>>
        {
            Blocks = [new ImageBlock(), new PointBlock()],
            GetX = r => Path.Combine(path, r["fname"]),
            GetY = r => new[] { Cell(r, "x"), Cell(r, "y") },
            Splitter = Splitters.RandomSplitter(0.2, o.Seed),
            ItemTfms = [new Resize(o.Size)],
            BatchTfms = Augmentation.AugTransforms(new AugOptions { Seed = o.Seed }, Normalize.ImageNet()),
            Name = r => r["fname"],
        };
        var dls = dblock.Dataloaders(df, o.Bs, o.Seed);
        Console.WriteLine($"{dls.Train.Dataset.Count} train / {dls.Valid.Dataset.Count} valid; batch grid (points in green): " +
            dls.ShowBatch(Path.Combine(o.Out, "show_batch.png")));

        // 3. The loss follows the target block: MSE on coordinates in [-1, 1], which y_range keeps the outputs in (the book's y_range=(-1,1)).
        var learn = VisionLearners.VisionLearner(dls, VisionBodies.ByName(o.Arch),
            path: o.Out, device: device, yRange: (-1, 1));
        Console.WriteLine($"loss from the data: {learn.LossFunc.GetType().Name}, {dls.C} outputs");
        learn.FineTune(o.Epochs, baseLr: o.Lr, lrMult: 1);

        // 4. The error in pixels of the validation canvases, beside always guessing the training points' mean.
        var (preds, targs) = learn.GetPreds();
        using (preds)
        using (targs)
        {
            var (error, baseline) = PixelErrors(preds, targs, o.Size);
            Console.WriteLine(FormattableString.Invariant(
                $"mean error {error:F2} px on {o.Size} × {o.Size} canvases (always guessing the mean point: {baseline:F2} px)"));
        }
        Console.WriteLine($"results (target green, prediction red): {learn.ShowResults(Path.Combine(o.Out, "show_results.png"))}");

        // 5. Deployment: the export predicts the point of an image file, in the pixels of the model's input.
        var export = learn.Export("export.fastdays");
        var inference = ExportExtensions.LoadLearner(export);
        var first = ((BlockDataset)dls.Valid.Dataset).Names[0];
        var row = df.First(r => r["fname"] == first);
        var prediction = inference.Predict(Path.Combine(path, row["fname"]));
        Console.WriteLine($"predict {row["fname"]}: {prediction.Text} (labelled ({row["x"]}, {row["y"]}))");
        inference.Model.Dispose();
        Console.WriteLine($"valid_loss {learn.Recorder.Last("valid_loss"):F5} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    /// <summary>The mean distance in pixels between predicted and target points, and that of always predicting the mean target.</summary>
    private static (double Error, double Baseline) PixelErrors(Tensor preds, Tensor targs, int size)
    {
        using var scope = NewDisposeScope();
        using var s = new ScalarScope();
        var p = preds.reshape(-1, 2).add(s.Of(1.0), ScalarScope.One).mul_(s.Of(size / 2.0));
        var t = targs.reshape(-1, 2).add(s.Of(1.0), ScalarScope.One).mul_(s.Of(size / 2.0));
        var error = (p - t).pow(s.Of(2.0)).sum(1).sqrt().mean().item<float>();
        var baseline = (t - t.mean([0], keepdim: true)).pow(s.Of(2.0)).sum(1).sqrt().mean().item<float>();
        return (error, baseline);
    }

    private static string WriteCanvases(PointsOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var folder = Path.Combine(o.Out, string.Create(CultureInfo.InvariantCulture, $"canvases{o.Size}-{o.Items}-{o.Seed}"));
        if (File.Exists(Path.Combine(folder, "points.csv"))) return folder;
        GarmentCanvases.WritePoints(data.Train, folder, o.Items, o.Size, o.Seed);
        Console.WriteLine($"{o.Items} canvases of one garment in {folder}, from {data.Describe()}");
        return folder;
    }
}
