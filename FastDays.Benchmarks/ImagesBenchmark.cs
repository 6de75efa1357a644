using System.Diagnostics;
using System.Globalization;
using FastDays.Vision.Data;
using FastDays.Vision.Transforms;
using SkiaSharp;

namespace FastDays.Benchmarks;

/// <summary>`images`: images per second from JPEG files to normalised 224×224 device batches, FastDays against Pillow + torchvision on the same
/// files.</summary>
internal sealed class ImagesBenchmark : ExampleCommand<ImagesBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "images";

    /// <inheritdoc />
    public override string Summary => "JPEG files to normalised 224x224 batches: FastDays (SkiaSharp) vs Pillow + torchvision, images/s";

    /// <inheritdoc />
    public override int Run(ImagesBenchmarkOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        var folder = Path.Combine(Path.GetTempPath(), $"fastdays-bench-jpegs-{o.Count}");
        WriteJpegs(folder, o.Count);
        Console.WriteLine($"{o.Count} JPEG files of 256×256 RGB in {folder}; batches of {o.Bs}; {Environment.ProcessorCount} cores");

        var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToList();
        // The validation split of a DataBlock of (ImageBlock, CategoryBlock) items: what every image factory builds.
        var dataset = new BlockDataset(files, [.. files.Select(f => new object[] { f, "jpeg" })], [new ImageBlock(), new CategoryBlock(["jpeg"])], 1,
            [new Resize(224)], training: false);
        var dl = new TfmdDL(dataset, new DataLoaderOptions { BatchSize = o.Bs }, [Normalize.ImageNet()]) { Device = device };
        foreach (var b in dl) b.Dispose();   // warm-up
        var ours = new List<double>();
        for (var r = 0; r < o.Repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            long n = 0;
            foreach (var b in dl) using (b) n += b.Size;
            ours.Add(n / clock.Elapsed.TotalSeconds);
        }
        var stages = new List<(string, double)>();
        foreach (var (stage, work) in new (string, Action<string>)[]
        {
            ("read file", f => File.ReadAllBytes(f)),
            ("decode", f => FastDays.Vision.Images.ImageDecoder.Decode(f).Dispose()),
            ("decode + resize (one SkiaSharp draw)", f => dataset.GetItem(files.IndexOf(f)).Dispose()),
        })
        {
            var clock = Stopwatch.StartNew();
            Parallel.ForEach(files, work);
            stages.Add((stage, files.Count / clock.Elapsed.TotalSeconds));
        }
        Console.WriteLine("FastDays stages (parallel over files): " + string.Join(", ", stages.Select(s => $"{s.Item1} {s.Item2:F0}/s")));
        Console.WriteLine($"FastDays (SkiaSharp decode, parallel items, background batch): {ours.Max():F1} images/s (runs: " +
            $"{string.Join(", ", ours.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))})");

        var script = Path.Combine(AppContext.BaseDirectory, "bench_images_pillow.py");
        if (!DebianPython.Exists || !File.Exists(script))
        {
            Console.WriteLine("Pillow + torchvision reference skipped: /usr/bin/python3 (python3-torchvision) is not installed");
            return 0;
        }
        foreach (var workers in new[] { 0, Environment.ProcessorCount })
        {
            var runs = Enumerable.Range(0, o.Repeats).Select(_ => RunPython(script, folder, o.Bs, workers)).ToList();
            Console.WriteLine($"Pillow + torchvision, DataLoader num_workers={workers}: {runs.Max():F1} images/s (runs: " +
                $"{string.Join(", ", runs.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))})");
        }
        return 0;
    }

    private static double RunPython(string script, string folder, int bs, int workers)
    {
        var (code, output, error) = DebianPython.Run(script, folder, bs.ToString(CultureInfo.InvariantCulture), workers.ToString(CultureInfo.InvariantCulture));
        return code == 0 ? double.Parse(output.Trim(), CultureInfo.InvariantCulture) :
            throw new InvalidOperationException($"the Pillow reference failed: {error}");
    }

    private static void WriteJpegs(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var data = FashionMnist.LoadTiny();
        Parallel.For(0, count, i =>
        {
            var path = Path.Combine(folder, $"{i:D5}.jpg");
            if (File.Exists(path)) return;
            var k = i % data.Train.Count;
            using var gray = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(data.Train.Pixels, k * 784, gray.GetPixels(), 784);
            using var rgb = new SKBitmap(new SKImageInfo(256, 256, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(rgb))
            {
                canvas.Clear(new SKColor((byte)(i * 37), (byte)(i * 91), (byte)(i * 53)));
                using var paint = new SKPaint { BlendMode = SKBlendMode.Screen };
                using var pixels = SKImage.FromBitmap(gray);
                canvas.DrawImage(pixels, new SKRect(0, 0, 256, 256), new SKSamplingOptions(SKFilterMode.Linear), paint);
            }
            FastDays.Persistence.AtomicFile.Write(path, stream => rgb.Encode(stream, SKEncodedImageFormat.Jpeg, 90));
        });
    }
}
