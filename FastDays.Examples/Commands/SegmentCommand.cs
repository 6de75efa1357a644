using System.Diagnostics;
using System.Globalization;
using FastDays.Examples.Canvases;
using FastDays.Examples.Train;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Images;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 1 segmentation (CamVid, unet_learner) and chapter 15's U-Net: images and masks in CamVid's layout, a DynamicUnet over a
/// ResNet encoder, cross-entropy over every pixel without the void ones, Dice per class and foreground accuracy, and an export that writes the mask
/// it predicts for an image file.</summary>
internal sealed class SegmentCommand : ExampleCommand<SegmentOptions>
{
    /// <inheritdoc />
    public override string Name => "segment";

    /// <inheritdoc />
    public override string Summary => "Chapters 1 and 15, segmentation: scenes of garments (or a CamVid folder), MaskBlock, unet_learner, Dice, masks";

    /// <inheritdoc />
    public override int Run(SegmentOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        manual_seed(o.Seed);
        var clock = Stopwatch.StartNew();

        // 1. CamVid's layout: images/NAME.png, labels/NAME_P.png (a class code per pixel), codes.txt, valid.txt.
        var path = File.Exists(Path.Combine(o.Data, "codes.txt")) ? o.Data : WriteScenes(o);
        var codes = SegmentationDataLoaders.ReadCodes(Path.Combine(path, "codes.txt"));
        var fnames = ImageDataLoaders.GetImageFiles(Path.Combine(path, "images"));
        string LabelFunc(string f) => Path.Combine(path, "labels", $"{Path.GetFileNameWithoutExtension(f)}_P.png");
        Console.WriteLine($"{fnames.Count} images in {path}; codes: {string.Join(" ", codes)}");

        // 2. Masks move with their images: resized and augmented by nearest-neighbour sampling; the void code counts for nothing.
        var voidName = codes.Contains("Void") ? "Void" : null;
        var validList = Path.Combine(path, "valid.txt");
        var dls = SegmentationDataLoaders.FromLabelFunc(path, fnames, LabelFunc, codes, [new Resize(o.Size)],
            Augmentation.AugTransforms(new AugOptions { Seed = o.Seed }, Normalize.ImageNet()), o.Bs, seed: o.Seed, voidName: voidName,
            validList: File.Exists(validList) ? validList : null);
        Console.WriteLine($"{dls.Train.Dataset.Count} train / {dls.Valid.Dataset.Count} valid; batch grid: " +
            dls.ShowBatch(Path.Combine(o.Out, "show_batch.png"), maxN: 8));

        // 3. unet_learner: the encoder's size-changing layers are hooked and feed the decoder's UnetBlocks.
        var voidCode = ((MaskBlock)dls.TargetBlock!).VoidCode ?? -100;
        var dice = new ClassOverlapMetric(ignoreIndex: voidCode);
        var epochs = new EpochProbe();
        var learn = UnetLearners.UnetLearner(dls, VisionArch.ByName(o.Arch), o.Pretrained, metrics: [dice, Metric.ForegroundAcc(0, voidCode)],
            cbs: [epochs], path: o.Out, device: device);
        Console.WriteLine($"loss from the data: {learn.LossFunc.GetType().Name} over axis 1, {dls.C} output channels; " +
            $"{learn.Model.parameters().Sum(p => p.numel()):N0} parameters");
        if (o.Pretrained is null) learn.FitOneCycle(o.Epochs, o.Lr);
        else learn.FineTune(o.Epochs, baseLr: o.Lr);

        // 4. What it learned: Dice per class, time and memory per epoch, results beside their targets.
        var perClass = dice.PerClass.Select((d, i) => (Code: codes[i], Dice: d)).Where(p => !double.IsNaN(p.Dice) && p.Code != voidName);
        Console.WriteLine($"Dice per class: {string.Join(", ", perClass.Select(p => FormattableString.Invariant($"{p.Code} {p.Dice:F3}")))}");
        Console.WriteLine(FormattableString.Invariant(
            $"mean Dice {learn.Recorder.Last("dice_multi"):F4}, foreground accuracy {learn.Recorder.Last("foreground_acc"):F4}"));
        Console.WriteLine(epochs.Report());
        Console.WriteLine($"results (target, prediction): {learn.ShowResults(Path.Combine(o.Out, "show_results.png"), maxN: 6, cols: 4)}");

        // 5. Deployment: the export predicts the mask of an image file, written as CamVid writes labels.
        var export = learn.Export("export.fastdays");
        var inference = ExportExtensions.LoadLearner(export);
        var first = Path.Combine(path, ((BlockDataset)dls.Valid.Dataset).Names[0]);
        var prediction = inference.Predict(first);
        var maskFile = MaskPng.Save(Path.Combine(o.Out, $"{Path.GetFileNameWithoutExtension(first)}_pred_P.png"), (DecodedMask)prediction.Decoded);
        Console.WriteLine($"predict {first}: {prediction.Text}; mask written to {maskFile}");
        inference.Model.Dispose();
        Console.WriteLine($"valid_loss {learn.Recorder.Last("valid_loss"):F5} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private static string WriteScenes(SegmentOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var folder = Path.Combine(o.Out, string.Create(CultureInfo.InvariantCulture, $"scenes{o.Size}-{o.Items}-{o.Seed}"));
        if (File.Exists(Path.Combine(folder, "valid.txt"))) return folder;
        GarmentCanvases.WriteScenes(data.Train, FashionMnist.Classes, folder, o.Items, o.Size, 0.2, o.Seed);
        Console.WriteLine($"{o.Items} scenes of one to four garments in {folder}, from {data.Describe()}");
        return folder;
    }
}
