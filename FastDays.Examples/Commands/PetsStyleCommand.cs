using System.Diagnostics;
using FastDays.Examples.Pets;
using FastDays.Examples.Train;
using FastDays.Interpret;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>The book's pets chapter on Fashion-MNIST: image files labelled by a regex on their names, presizing, LrFind, FineTune, interpretation.</summary>
internal sealed class PetsStyleCommand : ExampleCommand<PetsStyleOptions>
{
    /// <inheritdoc />
    public override string Name => "pets-style";

    /// <inheritdoc />
    public override string Summary => "Chapter 5 on Fashion-MNIST as PNG files: regex labels, presizing, LrFind, FineTune, confusion matrix, top losses";

    /// <inheritdoc />
    public override int Run(PetsStyleOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var device = TorchDevices.Resolve(o.Device);
        manual_seed(o.Seed);
        var clock = Stopwatch.StartNew();

        // 1. Image files like the Oxford pets: images/ankle_boot_123.png, upscaled to RGB PNGs.
        var folder = FashionImageFolder.Write(data.Train, FashionMnist.Classes, Path.Combine(o.Out, $"images{o.Size + 4}"), o.Items, o.Size + 4);
        Console.WriteLine($"{Math.Min(o.Items, data.Train.Count)} images in {folder} ({clock.Elapsed.TotalSeconds:F0} s), from {data.Describe()}");

        // 2. The data block (the book's pets DataBlock): image files, labels from their names by regex, a random split; presizing: a larger item
        //    Resize, then one augmenting batch transform to the final size. Summary shows what each step does to the first items.
        var pets = new DataBlock<string>
        {
            Blocks = [new ImageBlock(), new CategoryBlock()],
            GetItems = ImageDataLoaders.GetImageFiles,
            Splitter = Splitters.RandomSplitter(0.2, o.Seed),
            GetY = Labellers.RegexLabeller(FashionImageFolder.LabelPattern),
            ItemTfms = [new Resize(o.Size + 4)],                                                         // (3, size+4, size+4) uint8
            BatchTfms = Augmentation.AugTransforms(new AugOptions { Size = o.Size, MinScale = 0.75, Seed = o.Seed }, Normalize.ImageNet()),
        };
        Console.Write(pets.Summary(folder));
        var dls = pets.Dataloaders(folder, o.Bs, o.Seed);                                                 // (bs, 3, size, size) float
        Console.WriteLine($"classes: {string.Join(", ", dls.Vocab)}; {dls.Train.Dataset.Count} train / {dls.Valid.Dataset.Count} valid");
        Console.WriteLine($"batch grid: {dls.ShowBatch(Path.Combine(o.Out, "show_batch.png"))}");

        // 3. A vision learner: the body of the architecture cut before its pooling, then fastai's head.
        var body = VisionBodies.ByName(o.Arch);
        var learn = VisionLearners.VisionLearner(dls, body, o.Pretrained, metrics: [Metric.ErrorRate(), Metric.Accuracy()], path: o.Out, device: device,
            cbs: Mixing.Callbacks(o.Mixup, o.Cutmix));

        // 4. The learning-rate finder (its suggestions guide --lr), then fine-tuning: one frozen epoch for the head, then everything.
        //    Ctrl-C or SIGTERM saves models/interrupted.ckpt; --resume with it (same options) continues the fine-tune exactly where it stopped.
        //    Its checkpoints keep the options, so a resume with other ones is refused naming them.
        learn.KeepOnResume(o, "--data", "--out", "--device", "--resume");
        if (o.Resume is null)
        {
            var lrs = learn.LrFind(suggestFuncs: [SuggestionMethod.Valley, SuggestionMethod.Slide]);
            Console.WriteLine($"LrFind: {lrs}; plot: {learn.Recorder.PlotLrFind(Path.Combine(o.Out, "lr_find.png"), lrs)}");
        }
        else
        {
            var at = learn.Resume(o.Resume).Resuming!;
            Console.WriteLine($"resuming {o.Resume} in the {(at.FrozenGroups > 0 ? "frozen" : "second")} phase at epoch {at.Epoch}, batch {at.Batch}");
        }
        // Without pretrained weights the body learns from scratch, so it gets the head's learning rate (lrMult 1), not a hundredth of it.
        using var interrupt = new InterruptCallback();
        learn.FineTune(o.Epochs, baseLr: o.Lr, lrMult: o.Pretrained is null ? 1 : 100, cbs: [interrupt, new CsvLogger()]);
        if (interrupt.SavedTo is { } saved)
        {
            Console.WriteLine($"stopped; continue with: pets-style <the same options> --resume {saved}");
            return interrupt.ExitCode;
        }

        // 5. Interpretation: confusion matrix, most confused pairs, top losses.
        var interp = ClassificationInterpretation.FromLearner(learn);
        Console.WriteLine(interp.ConfusionMatrixText());
        Console.WriteLine("most confused: " + string.Join("; ", interp.MostConfused(10).Take(5).Select(m => $"{m.Actual} → {m.Predicted} ({m.Count})")));
        Console.WriteLine($"confusion matrix: {interp.PlotConfusionMatrix(Path.Combine(o.Out, "confusion_matrix.png"))}");
        Console.WriteLine($"top losses: {interp.PlotTopLosses(Path.Combine(o.Out, "top_losses.png"))}");
        Console.WriteLine($"accuracy {learn.Recorder.Last("accuracy"):F4} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }
}
