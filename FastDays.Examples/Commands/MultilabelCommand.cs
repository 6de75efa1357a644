using System.Diagnostics;
using System.Globalization;
using FastDays.Examples.Canvases;
using FastDays.Examples.Train;
using FastDays.Plotting;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 6, multi-label: a DataBlock of images and label sets, BCE from the target block, accuracy_multi and a threshold sweep,
/// then an export that predicts label sets from image files.</summary>
internal sealed class MultilabelCommand : ExampleCommand<MultilabelOptions>
{
    /// <inheritdoc />
    public override string Name => "multilabel";

    /// <inheritdoc />
    public override string Summary => "Chapter 6, multi-label: canvases of 1-3 garments (or a PASCAL folder), MultiCategoryBlock, accuracy_multi, thresholds";

    /// <inheritdoc />
    public override int Run(MultilabelOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        manual_seed(o.Seed);
        var clock = Stopwatch.StartNew();

        // 1. The data in PASCAL's layout: train.csv (fname, labels separated by spaces, is_valid) and the images under train/.
        var path = File.Exists(Path.Combine(o.Data, "train.csv")) ? o.Data : WriteCanvases(o);
        var df = CsvRows.Read(Path.Combine(path, "train.csv"));
        Console.WriteLine($"{df.Count} rows in {Path.Combine(path, "train.csv")}, e.g. {df[0]["fname"]}: {df[0]["labels"]}");

        // 2. The data block: each row gives an image (get_x) and a list of labels (get_y); is_valid splits.
        var dblock = new DataBlock<IReadOnlyDictionary<string, string>>
        {
            Blocks = [new ImageBlock(), new MultiCategoryBlock()],
            GetX = r => Path.Combine(path, "train", r["fname"]),
            GetY = Labellers.ColReader("labels", labelDelim: " "),
            Splitter = Splitters.ColSplitter("is_valid"),
            ItemTfms = [new Resize(o.Size)],
            BatchTfms = Augmentation.AugTransforms(new AugOptions { Seed = o.Seed }, Normalize.ImageNet()),
            Name = r => r["fname"],
        };
        var dls = dblock.Dataloaders(df, o.Bs, o.Seed);
        Console.WriteLine($"classes: {string.Join(", ", dls.Vocab)}; {dls.Train.Dataset.Count} train / {dls.Valid.Dataset.Count} valid");
        Console.WriteLine($"batch grid: {dls.ShowBatch(Path.Combine(o.Out, "show_batch.png"))}");

        // 3. The loss follows the target block: BceWithLogitsLossFlat for label sets; accuracy_multi at the book's threshold.
        var learn = VisionLearners.VisionLearner(dls, VisionBodies.ByName(o.Arch),
            metrics: [Metric.AccuracyMulti(o.Thresh), Metric.F1ScoreMulti(o.Thresh, average: "samples")], path: o.Out, device: device);
        Console.WriteLine($"loss from the data: {learn.LossFunc.GetType().Name}, {dls.C} outputs");
        learn.FineTune(o.Epochs, baseLr: o.Lr, lrMult: 1);

        // 4. The threshold matters: validate at two of them, then sweep it on the predictions (gathered once).
        foreach (var thresh in new[] { 0.1, 0.99 })
        {
            learn.Metrics.Clear();
            learn.Metrics.Add(Metric.AccuracyMulti(thresh));
            Console.WriteLine(FormattableString.Invariant($"accuracy_multi at threshold {thresh}: {learn.Validate()["accuracy_multi"]:F4}"));
        }
        var (preds, targs) = learn.GetPreds();
        using (preds)
        using (targs)
        {
            var sweep = Enumerable.Range(0, 29).Select(i => 0.05 + i * 0.9 / 28).Select(t => (t, AccuracyMulti(preds, targs, t))).ToList();
            var best = sweep.MaxBy(p => p.Item2);
            new LinePlot { Title = "accuracy_multi by threshold", XLabel = "threshold", YLabel = "accuracy_multi" }.Add("valid", sweep)
                .Save(Path.Combine(o.Out, "thresholds.png"));
            Console.WriteLine(FormattableString.Invariant($"best threshold {best.t:F3}: accuracy_multi {best.Item2:F4} (plot: thresholds.png)"));
            foreach (var average in new[] { "samples", "macro" })
            {
                learn.Metrics.Clear();
                learn.Metrics.AddRange([Metric.F1ScoreMulti(best.t, average: average)]);
                var f1 = learn.Validate()["f1_score_multi"];
                learn.Metrics.Clear();
                learn.Metrics.AddRange([Metric.PrecisionMulti(best.t, average: average)]);
                var precision = learn.Validate()["precision_multi"];
                learn.Metrics.Clear();
                learn.Metrics.AddRange([Metric.RecallMulti(best.t, average: average)]);
                var recall = learn.Validate()["recall_multi"];
                Console.WriteLine(FormattableString.Invariant($"{average}: F1 {f1:F4}, precision {precision:F4}, recall {recall:F4}"));
            }
        }
        Console.WriteLine($"results: {learn.ShowResults(Path.Combine(o.Out, "show_results.png"))}");

        // 5. Deployment: the export carries the blocks and the item transforms, so a file is predicted as it is.
        var export = learn.Export("export.fastdays");
        var inference = ExportExtensions.LoadLearner(export);
        var file = Path.Combine(path, "train", df.First(r => r["is_valid"] == "True")["fname"]);
        var prediction = inference.Predict(file);
        Console.WriteLine($"predict {file}: {prediction.Text} (labelled {df.First(r => r["is_valid"] == "True")["labels"].Replace(' ', ';')})");
        inference.Model.Dispose();
        Console.WriteLine($"accuracy_multi {learn.Recorder.Last("accuracy_multi"):F4} at threshold {o.Thresh} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    /// <summary>fastai's accuracy_multi on gathered (already activated) predictions: the share of (item, class) pairs the threshold gets right.</summary>
    private static double AccuracyMulti(Tensor preds, Tensor targs, double thresh)
    {
        using var scope = NewDisposeScope();
        using var s = new ScalarScope();
        return preds.gt(s.Of(thresh)).eq(targs.to_type(ScalarType.Bool)).to_type(ScalarType.Float64).mean().item<double>();
    }

    private static string WriteCanvases(MultilabelOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var folder = Path.Combine(o.Out, string.Create(CultureInfo.InvariantCulture, $"canvases{o.Size}-{o.Items}-{o.Seed}"));
        if (File.Exists(Path.Combine(folder, "train.csv"))) return folder;
        GarmentCanvases.WriteMultiLabel(data.Train, FashionMnist.Classes, folder, o.Items, o.Size, validPct: 0.2, o.Seed);
        Console.WriteLine($"{o.Items} canvases of 1-3 garments in {folder}, from {data.Describe()}");
        return folder;
    }
}
