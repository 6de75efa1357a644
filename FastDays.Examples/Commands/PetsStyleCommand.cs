using System.Diagnostics;
using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Examples.Cli;
using FastDays.Examples.Pets;
using FastDays.Interpret;
using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Examples.Commands;

/// <summary>The book's pets chapter on Fashion-MNIST: image files labelled by a regex on their names, presizing, LrFind, FineTune, interpretation.</summary>
public sealed class PetsStyleCommand : ExampleCommand<PetsStyleOptions>
{
    /// <inheritdoc />
    public override string Name => "pets-style";

    /// <inheritdoc />
    public override string Summary => "Chapter 5 on Fashion-MNIST as PNG files: regex labels, presizing, LrFind, FineTune, confusion matrix, top losses";

    /// <inheritdoc />
    public override int Run(PetsStyleOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var items = o.Items;
        var size = o.Size;
        var epochs = o.Epochs;
        var lr = o.Lr;
        var bs = o.Bs;
        var arch = o.Arch;
        var pretrained = o.Pretrained;
        var output = o.Out;
        var device = TorchDevices.Resolve(o.Device);
        var seed = o.Seed;
        var resume = o.Resume;
        manual_seed(seed);
        var clock = Stopwatch.StartNew();

        // 1. Image files like the Oxford pets: images/ankle_boot_123.png, upscaled to RGB PNGs.
        var folder = FashionImageFolder.Write(data.Train, FashionMnist.Classes, Path.Combine(output, $"images{size + 4}"), items, size + 4);
        Console.WriteLine($"{Math.Min(items, data.Train.Count)} images in {folder} ({clock.Elapsed.TotalSeconds:F0} s), from {data.Describe()}");

        // 2. Labels from the file names; presizing: a larger item Resize, then one augmenting batch transform to the final size.
        var dls = ImageDataLoaders.FromNameRe(folder, FashionImageFolder.LabelPattern,
            itemTfms: [new Resize(size + 4)],                                                          // (3, size+4, size+4) uint8
            batchTfms: Augmentation.AugTransforms(new AugOptions { Size = size, MinScale = 0.75, Seed = seed }, Normalize.ImageNet()),
            bs: bs, validPct: 0.2, seed: seed);                                                         // (bs, 3, size, size) float
        Console.WriteLine($"classes: {string.Join(", ", dls.Vocab)}; {dls.Train.Dataset.Count} train / {dls.Valid.Dataset.Count} valid");
        Console.WriteLine($"batch grid: {dls.ShowBatch(Path.Combine(output, "show_batch.png"))}");

        // 3. A vision learner: the body of the architecture cut before its pooling, then fastai's head.
        var body = arch switch
        {
            "resnet18" => VisionArch.ResNet18,
            "resnet34" => VisionArch.ResNet34,
            "xresnet18" => VisionArch.XResNet18,
            "xresnet34" => VisionArch.XResNet34,
            "simple_cnn" => VisionArch.SimpleCnn(32, 64, 128, 256),
            _ => throw new ArgumentException($"unknown --arch {arch} (simple_cnn, resnet18, resnet34, xresnet18, xresnet34)"),
        };
        var learn = VisionLearners.VisionLearner(dls, body, pretrained, metrics: [Metric.ErrorRate(), Metric.Accuracy()], path: output, device: device);

        // 4. The learning-rate finder (its suggestions guide --lr), then fine-tuning: one frozen epoch for the head, then everything.
        //    Ctrl-C saves models/interrupted.ckpt; --resume with it (same options) continues the fine-tune exactly where it stopped.
        if (resume is null)
        {
            var lrs = learn.LrFind(suggestFuncs: [SuggestionMethod.Valley, SuggestionMethod.Slide]);
            Console.WriteLine($"LrFind: {lrs}; plot: {learn.Recorder.PlotLrFind(Path.Combine(output, "lr_find.png"), lrs)}");
        }
        else
        {
            var at = learn.Resume(resume).Resuming!;
            Console.WriteLine($"resuming {resume} in the {(at.FrozenGroups > 0 ? "frozen" : "second")} phase at epoch {at.Epoch}, batch {at.Batch}");
        }
        // Without pretrained weights the body learns from scratch, so it gets the head's learning rate (lrMult 1), not a hundredth of it.
        var interrupt = new InterruptCallback();
        learn.FineTune(epochs, baseLr: lr, lrMult: pretrained is null ? 1 : 100, cbs: [interrupt, new CsvLogger()]);
        if (interrupt.SavedTo is { } saved)
        {
            Console.WriteLine($"stopped; continue with: pets-style <the same options> --resume {saved}");
            return 0;
        }

        // 5. Interpretation: confusion matrix, most confused pairs, top losses.
        var interp = ClassificationInterpretation.FromLearner(learn);
        Console.WriteLine(interp.ConfusionMatrixText());
        Console.WriteLine("most confused: " + string.Join("; ", interp.MostConfused(10).Take(5).Select(m => $"{m.Actual} → {m.Predicted} ({m.Count})")));
        Console.WriteLine($"confusion matrix: {interp.PlotConfusionMatrix(Path.Combine(output, "confusion_matrix.png"))}");
        Console.WriteLine($"top losses: {interp.PlotTopLosses(Path.Combine(output, "top_losses.png"))}");
        Console.WriteLine($"accuracy {learn.Recorder.Last("accuracy"):F4} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }
}
