using System.Buffers.Binary;
using System.IO.Compression;
using FastDays.Examples.Commands;
using FastDays.Interop;
using FastDays.Losses;
using FastDays.Modules;
using FastDays.Vision.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Models;
using FastDays.Vision.Transforms;
using SkiaSharp;

namespace FastDays.Benchmarks.Fuzz;

/// <summary>Every format FastDays reads from disk, with real seed files made here (and PyTorch files from a folder of torch.save outputs when given).</summary>
internal static class FuzzFormats
{
    /// <summary>The formats, their seeds written under dir; ptSeeds is a folder of small .pt files (Debian PyTorch fixtures), or null.</summary>
    public static List<FuzzFormat> Create(string dir, string? ptSeeds)
    {
        Directory.CreateDirectory(dir);
        List<FuzzFormat> formats = [];
        Type[] invalid = [typeof(InvalidDataException)];

        // A small learner: its checkpoint and export are seeds, and it is what mutated checkpoints are loaded into.
        manual_seed(0);
        using var x = rand(16, 1, 28, 28);
        using var y = zeros(16, dtype: ScalarType.Int64);
        var dls = DataLoaders.FromTensors(x, y, x, y, 8, vocab: FashionMnist.Classes, batchTransforms: [Normalize.FromStats(x)]);
        var spec = VisionArchitectures.SimpleCnnSpec(1, 10, 4, 8);
        var learn = new Learner(dls, ModelZoo.Create(spec), new CrossEntropyLossFlat(), path: dir) { Spec = spec };
        using var noBar = learn.NoBar();
        learn.Fit(1);
        var checkpoint = learn.Save(Path.Combine(dir, "seed.ckpt"));
        var export = learn.Export(Path.Combine(dir, "seed.fastdays"));
        formats.Add(new("checkpoint", [checkpoint], file => learn.Load(file), invalid));
        formats.Add(new("export", [export], file => ExportExtensions.LoadLearner(file).Model.Dispose(), invalid));

        var safetensors = Path.Combine(dir, "seed.safetensors");
        learn.Model.SaveSafeTensors(safetensors);
        formats.Add(new("safetensors", [safetensors], file => { foreach (var t in SafeTensors.Read(file).Values) t.Dispose(); }, invalid));

        if (ptSeeds is not null && Directory.Exists(ptSeeds))
        {
            var pt = Directory.GetFiles(ptSeeds, "*.pt").Where(f => new FileInfo(f).Length < 1 << 20
                && !f.EndsWith("module.pt", StringComparison.Ordinal)).Order().ToList();
            if (pt.Count > 0) formats.Add(new("pytorch", pt, file => { foreach (var (_, t) in WeightsFile.ReadAll(file)) t.Dispose(); }, invalid));
        }

        formats.Add(new("idx", [WriteIdx(dir, gzip: false), WriteIdx(dir, gzip: true)], file => IdxFile.ReadImages(file), invalid));

        var yaml = Path.Combine(dir, "seed.yaml");
        File.WriteAllText(yaml, "data: tiny\nepochs: 10\nlr: 0.005\nbs: 128\nwd: 0.01\npct_start: 0.25\nwidths: [32, 64, 128, 256]\nblocks: [1, 1, 1]\n" +
                                "arch: xresnet_small\nlabel_smoothing: 0.1\ncrop_padding: 2\nflip: true\nerase: 0\ntta: true\nprecision: " +
                                    "fp32\nseed: 42\npath: runs/train\n");
        formats.Add(new("yaml", [yaml], file => OptionsBinder.Parse<TrainOptions>(["--config", file]).Spec(10),
            [typeof(FormatException), typeof(ArgumentException)]));

        var (png, jpeg) = (Path.Combine(dir, "seed.png"), Path.Combine(dir, "seed.jpg"));
        WriteImage(png, SKEncodedImageFormat.Png);
        WriteImage(jpeg, SKEncodedImageFormat.Jpeg);
        formats.Add(new("png", [png], file => ImageDecoder.Decode(file).Dispose(), invalid));
        // Long thin images, decoded and fitted to a square as predict does (centre crop, then resize).
        var thin = new[] { (20_000, 1), (1, 20_000), (5_000, 3) }.Select(size =>
        {
            var path = Path.Combine(dir, $"thin-{size.Item1}x{size.Item2}.png");
            WriteImage(path, SKEncodedImageFormat.Png, size.Item1, size.Item2);
            return path;
        }).ToList();
        formats.Add(new("thin", thin, file =>
        {
            using var image = ImageDecoder.Decode(file, ImageMode.Gray);
            new Resize(28).Apply(image, new Random(0), training: false).Dispose();
        }, invalid));
        formats.Add(new("jpeg", [jpeg], file => ImageDecoder.Decode(file).Dispose(), invalid));

        // A CSV of file names and labels next to four images, read as ImageDataLoaders.FromCsv does.
        var csvDir = Directory.CreateDirectory(Path.Combine(dir, "csv")).FullName;
        for (var i = 0; i < 4; i++) File.Copy(png, Path.Combine(csvDir, $"img{i}.png"), overwrite: true);
        var csv = Path.Combine(csvDir, "seed.csv");
        File.WriteAllText(csv, "fname,labels\nimg0.png,cat\nimg1.png,dog\nimg2.png,cat dog\nimg3.png,dog\n");
        formats.Add(new("csv", [csv], file =>
            ImageDataLoaders.FromCsv(csvDir, Path.GetRelativePath(csvDir, file), [new Resize(8)], [new IntToFloatTensor()], labelDelim: " ", bs: 2,
                validPct: 0.5), invalid));
        return formats;
    }

    private static string WriteIdx(string dir, bool gzip)
    {
        var data = new byte[16 + 5 * 28 * 28];
        BinaryPrimitives.WriteInt32BigEndian(data, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), 5);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), 28);
        new Random(1).NextBytes(data.AsSpan(16));
        var path = Path.Combine(dir, gzip ? "seed-images.idx.gz" : "seed-images.idx");
        using var file = File.Create(path);
        if (!gzip) { file.Write(data); return path; }
        using var zip = new GZipStream(file, CompressionLevel.Optimal);
        zip.Write(data);
        return path;
    }

    private static void WriteImage(string path, SKEncodedImageFormat format, int width = 40, int height = 32)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++) bitmap.SetPixel(c, r, new SKColor((byte)(r * 8), (byte)(c * 6), (byte)((r + c) * 3)));
        using var stream = File.Create(path);
        bitmap.Encode(stream, format, 90);
    }
}
