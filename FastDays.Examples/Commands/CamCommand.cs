using System.Globalization;
using FastDays.Examples.Canvases;
using FastDays.Examples.Train;
using FastDays.Vision.Data;
using FastDays.Vision.Display;
using FastDays.Vision.Interpret;
using FastDays.Vision.Learning;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 18: class activation maps. A classifier of garments placed at random on canvases (its head: pooling and one linear
/// layer, so CAM is exact), then for validation canvases the CAM of the predicted class and the Grad-CAM of the body's last layer, drawn over the
/// image, with how often each map peaks on the garment; or the maps of image files through any vision_learner export.</summary>
internal sealed class CamCommand : ExampleCommand<CamOptions>
{
    /// <inheritdoc />
    public override string Name => "cam";

    /// <inheritdoc />
    public override string Summary => "Chapter 18, CAM and Grad-CAM: where a garment classifier looks, as heat maps, and how often it peaks on the garment";

    /// <inheritdoc />
    public override int Run(CamOptions o)
    {
        if (o.Export is not null) return FromExport(o);
        var device = TorchDevices.Resolve(o.Device);
        manual_seed(o.Seed);

        // 1. Canvases of one garment at a random place, labelled by its class; the box the garment lies in is known.
        var path = WriteCanvases(o);
        var df = CsvRows.Read(Path.Combine(path, "points.csv"));
        var dblock = new DataBlock<IReadOnlyDictionary<string, string>>
        {
            Blocks = [new ImageBlock(), new CategoryBlock()],
            GetX = r => Path.Combine(path, r["fname"]),
            GetY = r => r["label"],
            Splitter = Splitters.RandomSplitter(0.2, o.Seed),
            BatchTfms = [Normalize.ImageNet()],
            Name = r => r["fname"],
        };
        var dls = dblock.Dataloaders(df, o.Bs, o.Seed);

        // 2. A classifier whose head is average pooling and one linear layer: a class's score is the mean of its CAM.
        var learn = VisionLearners.VisionLearner(dls, VisionBodies.ByName(o.Arch), metrics: [Metric.Accuracy()], path: o.Out, device: device,
            linFtrs: [], concatPool: false, ps: 0);
        learn.FitOneCycle(o.Epochs, o.Lr);

        // 3. The maps of every validation canvas: where each peaks (upsampled to the image), against the garment's box.
        var valid = (BlockDataset)dls.Valid.Dataset;
        var rows = df.ToDictionary(r => r["fname"]);
        var lines = new List<string> { "fname,label,predicted,box_x,box_y,box_w,box_h,cam_x,cam_y,gradcam_x,gradcam_y" };
        var (camHits, gradHits) = (0, 0);
        var (images, captions, overlays) = (new List<Tensor>(), new List<string>(), new List<ImageOverlay?>());
        using var scope = NewDisposeScope();
        var i = 0;
        learn.Model.eval();
        foreach (var batch in dls.Valid)   // in the data set's order: the validation loader does not shuffle
            using (batch)
            {
                var predictions = learn.Model.forward(batch.X.to(device)).argmax(1).cpu().data<long>().ToArray();
                for (var j = 0; j < batch.Size; j++, i++)
                {
                    var x = batch.X[j..(j + 1)].to(device);
                    var predicted = predictions[j];
                    var cam = ActivationMaps.Cam(learn.Model, x)[predicted];
                    var gradCam = ActivationMaps.GradCam(learn.Model, x, predicted);
                    var row = rows[valid.Names[i]];
                    var box = (X: Number(row["x"]) - 14, Y: Number(row["y"]) - 14, W: 28.0, H: 28.0);   // the garment's 28 × 28 square
                    var (camPeak, gradPeak) = (Peak(cam, o.Size), Peak(gradCam, o.Size));
                    camHits += Inside(camPeak, box) ? 1 : 0;
                    gradHits += Inside(gradPeak, box) ? 1 : 0;
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{valid.Names[i]},{row["label"]},{dls.Vocab[(int)predicted]}," +
                        $"{box.X},{box.Y},{box.W},{box.H},{camPeak.X},{camPeak.Y},{gradPeak.X},{gradPeak.Y}"));
                    if (i >= o.Show) continue;
                    var image = batch.X[j].cpu();
                    images.AddRange([image, image, image]);
                    captions.AddRange([$"{dls.Vocab[(int)predicted]}/{row["label"]}", "CAM", "Grad-CAM"]);
                    overlays.AddRange([null, new ImageOverlay(Heat: cam.cpu()), new ImageOverlay(Heat: gradCam.cpu())]);
                }
            }
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(o.Out, "peaks.csv"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        Console.WriteLine(FormattableString.Invariant($"peak on the garment: CAM {100.0 * camHits / valid.Count:F1}%, ") +
            FormattableString.Invariant($"Grad-CAM {100.0 * gradHits / valid.Count:F1}% of {valid.Count} validation canvases ") +
            FormattableString.Invariant($"(a point at random: {100.0 * 28 * 28 / (o.Size * o.Size):F1}%)"));
        Console.WriteLine($"heat maps (image, CAM, Grad-CAM): {Heatmaps(o, images, captions, overlays, learn.Dls.Valid.BatchTransforms)}");
        Console.WriteLine($"peaks: {Path.Combine(o.Out, "peaks.csv")}; export: {learn.Export("export.fastdays")} (cam --export FILE IMAGE…)");
        return 0;
    }

    // The maps of image files through an export: CAM when its head allows it, Grad-CAM of the predicted class always.
    private static int FromExport(CamOptions o)
    {
        if (o.Images.Length == 0) throw new ArgumentException("--export needs image files: the files to draw the maps of");
        var inference = ExportExtensions.LoadLearner(o.Export!, TorchDevices.Resolve(o.Device));
        try
        {
            var (images, captions, overlays) = (new List<Tensor>(), new List<string>(), new List<ImageOverlay?>());
            using var scope = NewDisposeScope();
            foreach (var file in o.Images)
            {
                var encoded = inference.Encode(file);
                var x = inference.ModelInput([encoded]);
                var predicted = FastDays.Modules.QuietForward.Run(inference.Model, x).argmax(1).item<long>();
                var label = inference.Vocab.ElementAtOrDefault((int)predicted) ?? $"{predicted}";
                images.Add(encoded);
                captions.Add($"{Path.GetFileName(file)}: {label}");
                overlays.Add(null);
                try
                {
                    var cam = ActivationMaps.Cam(inference.Model, x)[predicted];
                    images.Add(encoded);
                    captions.Add("CAM");
                    overlays.Add(new ImageOverlay(Heat: cam.cpu()));
                }
                catch (ArgumentException e) { Console.WriteLine($"no CAM: {e.Message.Split('\n')[0]}"); }
                images.Add(encoded);
                captions.Add("Grad-CAM");
                overlays.Add(new ImageOverlay(Heat: ActivationMaps.GradCam(inference.Model, x, predicted).cpu()));
            }
            var file0 = ImageGrid.Save(Path.Combine(o.Out, "heatmaps.png"), images, captions, 3, overlays: overlays);
            Console.WriteLine($"heat maps: {file0}");
            return 0;
        }
        finally { inference.Model.Dispose(); }
    }

    private static string Heatmaps(CamOptions o, List<Tensor> images, List<string> captions, List<ImageOverlay?> overlays,
        IReadOnlyList<FastDays.Data.IBatchTransform> tfms)
    {
        var norm = tfms.OfType<Normalize>().First();
        var denormalized = images.Select(norm.Decode).ToList();
        return ImageGrid.Save(Path.Combine(o.Out, "heatmaps.png"), denormalized, captions, 3, overlays: overlays);
    }

    // Where a map is highest once stretched over a size × size image (pixel centres of its cells).
    private static (double X, double Y) Peak(Tensor map, int size)
    {
        using var scope = NewDisposeScope();
        var up = nn.functional.interpolate(map.unsqueeze(0).unsqueeze(0).to_type(ScalarType.Float32).cpu(), [size, size],
            mode: InterpolationMode.Bilinear, align_corners: false)[0, 0];
        var index = up.argmax().item<long>();
        return (index % size + 0.5, index / size + 0.5);
    }

    private static bool Inside((double X, double Y) p, (double X, double Y, double W, double H) box) =>
        p.X >= box.X && p.X <= box.X + box.W && p.Y >= box.Y && p.Y <= box.Y + box.H;

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string WriteCanvases(CamOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var folder = Path.Combine(o.Out, string.Create(CultureInfo.InvariantCulture, $"canvases{o.Size}-{o.Items}-{o.Seed}"));
        if (File.Exists(Path.Combine(folder, "points.csv"))) return folder;
        GarmentCanvases.WritePoints(data.Train, folder, o.Items, o.Size, o.Seed, FastDays.Datasets.FashionMnist.Classes);
        Console.WriteLine($"{o.Items} canvases of one garment in {folder}, from {data.Describe()}");
        return folder;
    }
}
