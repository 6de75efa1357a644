using FastDays.Examples.Cli;
using FastDays.Examples.Commands;
using FastDays.Learning;
using FastDays.Tests.Interop;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Examples;

[NonParallelizable]
public sealed class ExampleCommandTests
{
    private static (int Code, string Output) Run(IExampleCommand command, params string[] args) => CommandRunner.Run(command, args);

    // train on the embedded subset with a small SimpleCnn, without TTA: what the option tests below vary is added to it.
    private static (int Code, string Output) TrainTiny(params string[] args) =>
        Run(new TrainCommand(), ["--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--tta", "false", .. args]);

    [Test]
    public void TrainReadsItsConfigTrainsAndExportsAModelThatPredicts()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.File("train.yaml"), ["data: tiny", "arch: simple_cnn", "epochs: 1", "widths: [8, 16]", $"path: {dir.File("run")}"]);
        var (code, output) = Run(new TrainCommand(), "--config", dir.File("train.yaml"), "--bs", "256");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("2500 train / 1000 test").And.Contain("simple_cnn [8, 16]").And.Contain("batch size: 256"));
        Assert.That(File.Exists(dir.File(Path.Combine("run", "models", "final.ckpt"))));
        var inference = ExportExtensions.LoadLearner(dir.File(Path.Combine("run", "export.fastdays")));
        var image = FastDays.Datasets.FashionMnist.LoadTiny().Test.ImagesTensor()[0];
        Assert.That(inference.Predict(image).Probs, Has.Length.EqualTo(10));
        File.AppendAllLines(dir.File("train.yaml"), ["learning_rate: 3"]);
        Assert.That(() => Run(new TrainCommand(), "--config", dir.File("train.yaml")),
            Throws.ArgumentException.With.Message.Contains("unknown key 'learning_rate'").And.Message.Contains("train.yaml"));
    }

    [Test]
    public void PredictPrintsALinePerImageAsTheExportPredictsAndReportsBrokenFiles()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new TrainCommand(), "--data", "tiny", "--arch", "simple_cnn", "--epochs", "1", "--widths", "8,16", "--path", dir.File("run"));
        Assert.That(code, Is.Zero, output);
        var export = dir.File(Path.Combine("run", "export.fastdays"));
        var test = FastDays.Datasets.FashionMnist.LoadTiny().Test;
        // RGB PNGs, 28 × 28
        var folder = FastDays.Examples.Pets.FashionImageFolder.Write(test, FastDays.Datasets.FashionMnist.Classes, dir.File("images"), 5, 28);
        File.WriteAllBytes(dir.File("broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0]);
        (code, output) = Run(new PredictCommand(), export, folder, dir.File("broken.png"), dir.File("missing.jpg"), "--bs", "2");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(lines, Has.Length.EqualTo(7), output);
        var inference = ExportExtensions.LoadLearner(export);
        using var images = test.ImagesTensor();
        foreach (var line in lines[..5])
        {
            var index = int.Parse(Path.GetFileNameWithoutExtension(line[0]).Split('_')[^1]);
            var (_, label, probs) = inference.Predict(images[index]);
            Assert.That(line[1], Is.EqualTo(label), string.Join(" ", line));
            Assert.That(double.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(probs.Max()).Within(1e-3));
        }
        Assert.That(lines[5], Is.EqualTo(new[] { dir.File("broken.png"), "error", lines[5][2] }));
        Assert.That(lines[5][2], Does.Contain("broken.png"));
        Assert.That(lines[6][0..2], Is.EqualTo(new[] { dir.File("missing.jpg"), "error" }));
        Assert.That(lines[6][2], Does.Contain("missing.jpg"));
        inference.Model.Dispose();
        // The same through ONNX Runtime: export-onnx checks the file it writes, predict --onnx gives the same lines.
        var (written, report) = Run(new ExportOnnxCommand(), export, "--onnx", dir.File("model.onnx"));
        Assert.That(written, Is.Zero, report);
        Assert.That(report, Does.Contain("largest difference"));
        var (onnxCode, onnxOutput) = Run(new PredictCommand(), export, folder, dir.File("broken.png"), "--bs", "2", "--onnx", dir.File("model.onnx"));
        var onnxLines = onnxOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
        Assert.That((onnxCode, onnxLines.Length), Is.EqualTo((1, 6)), onnxOutput);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(onnxLines[i][..2], Is.EqualTo(lines[i][..2]));
            Assert.That(double.Parse(onnxLines[i][2], System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(double.Parse(lines[i][2], System.Globalization.CultureInfo.InvariantCulture)).Within(2e-4));
        }
        Assert.That(onnxLines[5][..2], Is.EqualTo(new[] { dir.File("broken.png"), "error" }));
        File.WriteAllText(dir.File("not-an-export.fastdays"), "hello");
        Assert.That(() => Run(new PredictCommand(), dir.File("not-an-export.fastdays"), folder),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("not-an-export.fastdays"));
    }

    [Test]
    public void TrainWithAnXResNetAugmentationAndTtaExportsTheArchitecture()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new TrainCommand(), "--data", "tiny", "--epochs", "1", "--arch", "xresnet_small", "--widths", "8,16,32", "--blocks", "1,1",
            "--label-smoothing", "0.1", "--crop-padding", "2", "--flip", "true", "--erase", "0.25", "--tta", "true", "--path", dir.File("run"));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("xresnet_small [8, 16, 32] blocks [1, 1]").And.Contain("augmentation: crop-pad 2 flip erase 0.25")
            .And.Contain("accuracy with flip TTA"));
        var inference = ExportExtensions.LoadLearner(dir.File(Path.Combine("run", "export.fastdays")));
        var image = FastDays.Datasets.FashionMnist.LoadTiny().Test.ImagesTensor()[0];
        Assert.That(inference.Predict(image).Probs.Sum(), Is.EqualTo(1).Within(1e-4));
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--arch", "vgg"),
            Throws.ArgumentException.With.Message.Contains("option --arch must be one of simple_cnn, xresnet_small, not 'vgg'"));
    }

    [Test]
    public void AnEnsembleAveragesTheProbabilitiesOfModelsThatDifferInTheirSeed()
    {
        using var dir = new TempDirectory();
        var (code, output) = TrainTiny("--epochs", "1", "--ensemble", "2", "--path", dir.File("run"));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("ensemble member 2 of 2: seed 43"));
        var reported = double.Parse(output.Split('\n').Single(l => l.StartsWith("ensemble of 2 models", StringComparison.Ordinal)).Split(' ')[^1],
            System.Globalization.CultureInfo.InvariantCulture);
        // The same average from the two exports, each loaded on its own.
        var test = FastDays.Datasets.FashionMnist.LoadTiny().Test;
        using var images = test.ImagesTensor();
        using var labels = test.LabelsTensor();
        using var sum = zeros(images.shape[0], 10);
        var accuracies = new List<double>();
        foreach (var member in new[] { "member0", "member1" })
        {
            using var probs = ExportExtensions.LoadLearner(dir.File(Path.Combine("run", member, "export.fastdays"))).GetPreds(images);
            sum.add_(probs);
            using var correct = probs.argmax(1).eq(labels).to_type(ScalarType.Float64).mean();
            accuracies.Add(correct.item<double>());
        }
        using var ensemble = sum.argmax(1).eq(labels).to_type(ScalarType.Float64).mean();
        Assert.That(reported, Is.EqualTo(ensemble.item<double>()).Within(1e-4));
        Assert.That(accuracies[0], Is.Not.EqualTo(accuracies[1]), "different seeds, different models");
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--ensemble", "0"), Throws.ArgumentException.With.Message.Contains("--ensemble"));
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--ensemble", "2", "--resume", "x.ckpt"),
            Throws.ArgumentException.With.Message.Contains("--resume continues one model"));
    }

    [Test]
    public void PetsStyleRunsFromImageFilesToInterpretation()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new PetsStyleCommand(), "--data", "tiny", "--items", "800", "--epochs", "1", "--bs", "64", "--out", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("640 train / 160 valid").And.Contain("actual \\ predicted").And.Contain("most confused"));
        foreach (var png in new[] { "show_batch.png", "lr_find.png", "confusion_matrix.png", "top_losses.png" })
            Assert.That(File.Exists(dir.File(png)), png);
        Assert.That(Directory.GetFiles(dir.File("images36"), "ankle_boot_*.png"), Is.Not.Empty);
    }

    [Test]
    public void PetsStyleStoppedByASignalResumesWithItsOwnOptionsOnly()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("sends signals with kill(1)");
        using var dir = new TempDirectory();
        // Stopped in the second phase, its second epoch done (the frozen phase has one), with ten short epochs still to go.
        string[] options = ["pets-style", "--data", "tiny", "--items", "800", "--epochs", "12", "--bs", "64", "--out", dir.Path];
        var stopped = ExamplesProcess.Run(options, interruptWhen: line => line.StartsWith("1 ", StringComparison.Ordinal), signal: "TERM");
        Assert.That(stopped.Code, Is.EqualTo(143), stopped.Output);
        var checkpoint = dir.File(Path.Combine("models", "interrupted.ckpt"));
        var other = ExamplesProcess.Run([.. options, "--lr", "0.02", "--resume", checkpoint]);
        Assert.That(other.Code, Is.EqualTo(1), other.Output);
        Assert.That(other.Output, Does.Contain($"{checkpoint} was saved by a run with other settings: --lr 0.01 (this run: 0.02)"));
        var resumed = ExamplesProcess.Run([.. options, "--resume", checkpoint]);
        Assert.That(resumed.Code, Is.Zero, resumed.Output);
        Assert.That(resumed.Output, Does.Contain("resuming").And.Contain("in the second phase").And.Contain("most confused"));
    }

    [Test]
    public void MultilabelTrainsOnCanvasesAndItsExportPredictsALabelSetFromAFile()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new MultilabelCommand(), "--data", "tiny", "--items", "300", "--epochs", "1", "--bs", "32", "--out", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("240 train / 60 valid").And.Contain("loss from the data: BceWithLogitsLossFlat, 10 outputs")
            .And.Contain("accuracy_multi at threshold 0.99").And.Contain("best threshold").And.Contain("macro: F1"));
        foreach (var png in new[] { "show_batch.png", "thresholds.png", "show_results.png" }) Assert.That(File.Exists(dir.File(png)), png);
        var rows = FastDays.Data.CsvRows.Read(dir.File(Path.Combine("canvases64-300-42", "train.csv")));
        Assert.That(rows.Select(r => r["labels"].Split(' ').Length).Distinct().Order(), Is.EqualTo(new[] { 1, 2, 3 }));
        var image = dir.File(Path.Combine("canvases64-300-42", "train", "00299.png"));
        var (predicted, lines) = Run(new PredictCommand(), dir.File("export.fastdays"), image);
        Assert.That(predicted, Is.Zero, lines);
        var fields = lines.Trim().Split('\t');
        Assert.That(fields[0], Is.EqualTo(image));
        var vocab = FastDays.Datasets.FashionMnist.Classes.Select(FastDays.Examples.Pets.FashionImageFolder.Stem).ToHashSet();
        Assert.That(fields[1].Split(';', StringSplitOptions.RemoveEmptyEntries), Is.SubsetOf(vocab), "a label set of the classes");
    }

    [Test]
    public void PointsLearnsTheGarmentCentreAndItsExportPredictsAPointFromAFile()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new PointsCommand(), "--data", "tiny", "--items", "800", "--epochs", "4", "--lr", "5e-3", "--bs", "32", "--out", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("640 train / 160 valid").And.Contain("loss from the data: MseLossFlat, 2 outputs"));
        var match = System.Text.RegularExpressions.Regex.Match(output,
            @"mean error ([0-9.]+) px on 64 × 64 canvases \(always guessing the mean point: ([0-9.]+) px\)");
        Assert.That(match.Success, output);
        Assert.That(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            Is.LessThan(double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)), "better than guessing the mean");
        var image = Directory.GetFiles(dir.File(Path.Combine("canvases64-800-42", "images"))).Order().First();
        var (predicted, lines) = Run(new PredictCommand(), dir.File("export.fastdays"), image);
        Assert.That(predicted, Is.Zero, lines);
        Assert.That(lines, Does.Match(@"\t\([0-9.]+, [0-9.]+\)\t"), "a point in pixels");
    }

    [Test]
    public void SegmentTrainsAUnetOnScenesAndItsExportWritesThePredictedMask()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new SegmentCommand(), "--data", "tiny", "--items", "60", "--epochs", "1", "--size", "32", "--bs", "8", "--out", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("48 train / 12 valid").And.Contain("CrossEntropyLossFlat over axis 1, 12 output channels")
            .And.Contain("Dice per class: Background").And.Contain("seconds per epoch"));
        var scenes = dir.File("scenes32-60-42");
        var codes = FastDays.Vision.Data.SegmentationDataLoaders.ReadCodes(Path.Combine(scenes, "codes.txt"));
        Assert.That(codes, Has.Count.EqualTo(12).And.Contains("Void"));
        var block = new FastDays.Vision.Data.MaskBlock(codes, "Void");
        using (var label = block.Encode(Path.Combine(scenes, "labels", "00000_P.png")))
        {
            var present = label.unique().Item1.data<long>().ToArray();
            Assert.That(present, Does.Contain(0L).And.Contain(11L), "background and the void ring around the garments");
            Assert.That(present.Any(c => c is > 0 and < 11), "a garment's class");
        }
        foreach (var png in new[] { "show_batch.png", "show_results.png" }) Assert.That(File.Exists(dir.File(png)), png);
        var image = Path.Combine(scenes, "images", "00059.png");
        var (predicted, lines) = Run(new PredictCommand(), dir.File("export.fastdays"), image, "--out", dir.File("masks"));
        Assert.That(predicted, Is.Zero, lines);
        var fields = lines.Trim().Split('\t');
        Assert.That(fields[2], Is.EqualTo(dir.File(Path.Combine("masks", "00059_P.png"))));
        using var mask = block.Encode(fields[2]);
        Assert.That(mask.shape, Is.EqualTo(new long[] { 32, 32 }), "the predicted mask, a code per pixel of the model's input");
        Assert.That(fields[1], Does.Match(@"^[a-z_A-Z]+ \d+%"), "the classes of the mask with their shares");
    }

    [Test]
    public void CamPeaksOnTheGarmentNotTheBackgroundForATrainedClassifier()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new CamCommand(), "--data", "tiny", "--items", "800", "--epochs", "3", "--lr", "1e-2", "--size", "64", "--out", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(File.Exists(dir.File("heatmaps.png")));
        // The garments' boxes from the canvases' own table, independently of what cam wrote beside its peaks.
        var centres = FastDays.Data.CsvRows.Read(dir.File(Path.Combine("canvases64-800-42", "points.csv")))
            .ToDictionary(r => r["fname"], r => (X: double.Parse(r["x"], System.Globalization.CultureInfo.InvariantCulture),
                Y: double.Parse(r["y"], System.Globalization.CultureInfo.InvariantCulture)));
        var peaks = FastDays.Data.CsvRows.Read(dir.File("peaks.csv"));
        Assert.That(peaks, Has.Count.EqualTo(160), "every validation canvas");
        double OnGarment(string x, string y) => peaks.Count(p =>
        {
            var (px, py) = (double.Parse(p[x], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(p[y], System.Globalization.CultureInfo.InvariantCulture));
            var c = centres[p["fname"]];
            return Math.Abs(px - c.X) <= 14 && Math.Abs(py - c.Y) <= 14;
        }) / (double)peaks.Count;
        // A point at random lands on the 28 × 28 garment 19% of the time on a 64 × 64 canvas.
        Assert.That(OnGarment("cam_x", "cam_y"), Is.GreaterThan(0.8), output);
        Assert.That(OnGarment("gradcam_x", "gradcam_y"), Is.GreaterThan(0.8), output);

        // The same maps through the export, for image files.
        var image = dir.File(Path.Combine("canvases64-800-42", "images", "00000.png"));
        (code, output) = Run(new CamCommand(), "--export", dir.File("export.fastdays"), image, "--out", dir.File("from-export"));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("no CAM"), "the export's head is pooling and one linear layer");
        Assert.That(File.Exists(dir.File(Path.Combine("from-export", "heatmaps.png"))));
    }

    [Test]
    public void HumanNumbersTrainsTheChaptersModelsBeyondAlwaysGuessingTheCommonestWord()
    {
        var (code, output) = Run(new HumanNumbersCommand(), "--models", "1,3,7");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("63,095 tokens, a vocabulary of 30").And.Contain("'thousand', 0.1517"));
        var accuracies = System.Text.RegularExpressions.Regex.Matches(output, @"^\| (\d) \|.*\| ([0-9.]+) \| ([0-9.]+) \| \d+ s \|$",
            System.Text.RegularExpressions.RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value,
            m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(accuracies.Keys, Is.EquivalentTo(new[] { "1", "3", "7" }), output);
        Assert.That(accuracies["1"], Is.GreaterThan(0.4), "far above the 0.15 of guessing 'thousand' (the book: 0.494)");
        Assert.That(accuracies["3"], Is.GreaterThan(accuracies["1"]), "keeping the state helps (the book: 0.589)");
        Assert.That(accuracies["7"], Is.GreaterThan(0.75), "the regularised LSTM (the book: 0.869)");
    }

    [Test]
    public void TextRunsUlmfitOnAFolderInTheImdbLayoutAndItsExportPredictsTextFiles()
    {
        using var dir = new TempDirectory();
        var rng = new Random(0);
        string[] good = ["great taste, I love it", "wonderful coffee", "the best snack ever", "delicious and fresh"];
        string[] bad = ["terrible, arrived stale", "awful flavor", "broken package", "a waste of money"];
        foreach (var (split, n) in new[] { ("train", 30), ("test", 8) })
            foreach (var (label, phrases) in new[] { ("great", good), ("other", bad) })
                for (var i = 0; i < n; i++)
                {
                    var file = dir.File(Path.Combine("data", split, label, $"{i}.txt"));
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, string.Join(". ", Enumerable.Range(0, rng.Next(1, 12)).Select(_ => phrases[rng.Next(phrases.Length)])));
                }
        var (code, output) = Run(new TextCommand(), "--data", dir.File("data"), "--emb-sz", "16", "--n-hid", "32", "--bs", "8", "--seq-len", "16",
            "--out", dir.File("run"));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("| classifier on the fine-tuned encoder, gradual unfreezing (the book's schedule): accuracy |")
            .And.Contain("| classifier on the fine-tuned encoder, every layer at once: accuracy |")
            .And.Contain("| the same classifier from scratch: accuracy |")
            .And.Contain("TF-IDF + logistic regression"));
        (code, output) = Run(new PredictCommand(), dir.File(Path.Combine("run", "text.fastdays")), dir.File(Path.Combine("data", "test", "great")));
        Assert.That(code, Is.Zero, output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(8).And.All.Match(@"\t(great|other)\t[01]\.\d+$"));
    }

    [Test]
    public void AMissingRPackageIsAnInputErrorNamingThePackagesToInstall() =>
        // Without R the runner is missing, with R the package: either way an IOException, which the examples report in one line.
        Assert.That(() => DebianR.Run("library(fastdaysnosuchpackage)", "r-base-core r-cran-fastdaysnosuchpackage"),
            Throws.InstanceOf<IOException>().With.Message.Contains("apt-get install r-base-core r-cran-fastdaysnosuchpackage"));

    [Test]
    public void CollabTrainsEveryModelOnARatingsFileAgainstTheBaselinesAndInterpretsTheFactors()
    {
        using var dir = new TempDirectory();
        var planted = new FastDays.Tests.Collab.PlantedRatings(60, 40, 3, 0.5, 0.1, seed: 2);
        var t = planted.Table;
        var lines = Enumerable.Range(0, t.RowCount).Select(i => $"{t["user"][i]},{t["item"][i]},{t["rating"][i]}");
        File.WriteAllLines(dir.File("ratings.csv"), ["reader,book,score", .. lines]);
        var (code, output) = Run(new CollabCommand(), "--data", dir.File("ratings.csv"), "--epochs", "2", "--lr", "0.05", "--n-factors", "3", "--plot", "10",
            "--out", dir.File("run"));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("reader: 60 values, book: 40 values"));
        foreach (var row in new[] { "| global mean |", "| user mean |", "| item mean |", "| biases only", "| DotProductBias, 3 factors, no weight decay |",
            "| DotProductBias, 3 factors, wd 0.1 |",
            "| DotProductBias, 3 factors, FactorL2 0.2 on the batch's rows, no weight decay |", "| collab_learner (EmbeddingDotBias)",
            "| collab_learner(use_nn) (EmbeddingNN)", "| EmbeddingNN, layers 100 50, dropout 0.5, FactorL2 1, wd 0.1 |" })
            Assert.That(output, Does.Contain(row));
        Assert.That(output, Does.Contain("lowest book biases").And.Contain("most similar to i"));
        Assert.That(File.Exists(dir.File(Path.Combine("run", "pca.png"))));
        Assert.That(() => Run(new CollabCommand(), "--data", dir.File("ratings.csv"), "--rating", "stars", "--out", dir.File("run")),
            Throws.ArgumentException.With.Message.Contains("no column 'stars' (columns: reader, book, score)"));
    }

    [NeedsPyTorch]
    [Test]
    public void WeightsInspectListsTensorsAndFailsCleanlyOnBadFiles()
    {
        var (code, output) = Run(new WeightsCommand(), "inspect", WeightsFixtures.File("nested.pt"), "--key", "model");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("1.num_batches_tracked int64 [] 0").And.Contain("0.weight float32 [2, 3]"));
        var (bad, message) = Run(new WeightsCommand(), "inspect", WeightsFixtures.File("module.pt"));
        Assert.That(bad, Is.Not.Zero);
        Assert.That(message, Does.Contain("refusing Python global"));
    }

    [Test]
    public void TabularTrainsBothTablesAndBeatsLeastSquaresOnTheSameSplit()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(new TabularCommand(), "--epochs", "30", "--out", dir.Path, "--tables", "boston,cancer");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("dropping B").And.Contain("categorical: CHAS (3 classes), RAD (10 classes)"));
        double Value(string model) => double.Parse(output.Split('\n').First(l => l.TrimStart().StartsWith(model, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Value("tabular learner"), Is.LessThan(Value("least squares (FastDays")));
        Assert.That(Value("least squares (scikit-learn)"), Is.EqualTo(Value("least squares (FastDays")).Within(1e-3), "the same split in both");
        Assert.That(Value("random forest, book settings (ML.NET)"), Is.EqualTo(Value("random forest, book settings (scikit-learn)")).Within(0.5),
            "ML.NET's forest and scikit-learn's, grown alike, within $500 of each other on Boston");
        Assert.That(Value("decision tree (ML.NET)"), Is.GreaterThan(Value("random forest, book settings (ML.NET)")), "a forest beats one tree");
        Assert.That(() => Run(new TabularCommand(), "--tables", "boston,moon", "--out", dir.Path),
            Throws.ArgumentException.With.Message.Contains("--tables: no table 'moon'"));
        Assert.That(File.Exists(dir.File(Path.Combine("boston", "importance.png"))) && File.Exists(dir.File(Path.Combine("cancer", "importance.png"))));
        Assert.That(File.Exists(dir.File(Path.Combine("boston", "export.fastdays"))));
    }

    [Test]
    public void TrainWithMixUpOrCutMixRunsAndBothAtOnceAreRefused()
    {
        using var dir = new TempDirectory();
        foreach (var (option, words) in new[] { ("--mixup", "mixup 0.4"), ("--cutmix", "cutmix 1") })
        {
            var (code, output) = TrainTiny("--epochs", "1", option, option == "--mixup" ? "0.4" : "1", "--path", dir.File(option));
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain($"augmentation: flip {words}").And.Contain("accuracy"));
        }
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--mixup", "0.4", "--cutmix", "1"),
            Throws.ArgumentException.With.Message.Contains("choose one"));
    }

    [Test]
    public void TrainWithLookaheadAndAlternatingFlipsRunsAndAlternatingNoFlipsIsRefused()
    {
        using var dir = new TempDirectory();
        var (code, output) = TrainTiny("--epochs", "1", "--lookahead", "6", "--alternate-flip", "true", "--path", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("AdamW + Lookahead k 6").And.Contain("augmentation: alternating-flip").And.Contain("accuracy"));
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--alternate-flip", "true", "--flip", "false"),
            Throws.ArgumentException.With.Message.Contains("--alternate-flip true").And.Message.Contains("--flip false"));
    }

    [Test]
    public void TrainWithProgressiveResizingRunsAndSaysSo()
    {
        using var dir = new TempDirectory();
        var (code, output) = TrainTiny("--epochs", "2", "--progressive-size", "16", "--progressive-pct", "0.5", "--path", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("augmentation: flip progressive resizing from 16 px over 50").And.Contain("accuracy"));
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--progressive-pct", "2"),
            Throws.ArgumentException.With.Message.Contains("--progressive-pct"));
    }

    [Test]
    public void TrainWithRangerAndFlatCosRunsAndRangerWithASecondLookaheadIsRefused()
    {
        using var dir = new TempDirectory();
        var (code, output) = TrainTiny("--epochs", "1", "--opt", "ranger", "--schedule", "flat_cos", "--pct-start", "0.75", "--path", dir.Path);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("ranger (RAdam + Lookahead k 6)").And.Contain("schedule: flat_cos").And.Contain("accuracy"));
        Assert.That(() => Run(new TrainCommand(), "--data", "tiny", "--opt", "ranger", "--lookahead", "5"),
            Throws.ArgumentException.With.Message.Contains("--opt radam --lookahead 5"));
    }
}
