using System.Globalization;
using FastDays.Examples.Pets;
using SkiaSharp;

namespace FastDays.Examples.Canvases;

/// <summary>Real images for chapter 6 without downloads: Fashion-MNIST garments pasted at random places on larger black canvases, written as RGB PNG
/// files with the CSV layouts of the book's data sets (PASCAL's train.csv for multi-label, fname,x,y for key points).</summary>
internal static class GarmentCanvases
{
    /// <summary>Writes count canvases of size × size holding one to three garments of different classes (train/NNNNN.png) and train.csv with
    /// fname, the space-separated classes present and is_valid (the last validPct of the files), as fastai's PASCAL_2007 folder; returns the folder.</summary>
    public static string WriteMultiLabel(LabelledImages garments, IReadOnlyList<string> classes, string folder, int count, int size, double validPct, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<string> { "fname,labels,is_valid" };
        var canvases = new List<(string File, (int Index, int X, int Y)[] Garments)>();
        for (var i = 0; i < count; i++)
        {
            var n = 1 + rng.Next(3);
            var picked = new List<(int Index, int X, int Y)>();
            while (picked.Count < n)
            {
                var index = rng.Next(garments.Count);
                if (picked.Any(p => garments.Labels[p.Index] == garments.Labels[index])) continue;
                picked.Add((index, rng.Next(size - garments.Width + 1), rng.Next(size - garments.Height + 1)));
            }
            var file = $"{i:D5}.png";
            var labels = picked.Select(p => FashionImageFolder.Stem(classes[garments.Labels[p.Index]])).Order(StringComparer.Ordinal);
            rows.Add($"{file},{string.Join(' ', labels)},{(i >= count * (1 - validPct) ? "True" : "False")}");
            canvases.Add((file, [.. picked]));
        }
        Write(garments, Path.Combine(folder, "train"), size, canvases);
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(folder, "train.csv"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n"));
        return folder;
    }

    /// <summary>Writes count canvases of size × size holding one garment at a random place (images/NNNNN.png) and points.csv with fname and the
    /// garment's centre x, y in pixels; returns the folder.</summary>
    public static string WritePoints(LabelledImages garments, string folder, int count, int size, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<string> { "fname,x,y" };
        var canvases = new List<(string File, (int Index, int X, int Y)[] Garments)>();
        for (var i = 0; i < count; i++)
        {
            var (x, y) = (rng.Next(size - garments.Width + 1), rng.Next(size - garments.Height + 1));
            var file = $"images/{i:D5}.png";
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{file},{x + garments.Width / 2.0},{y + garments.Height / 2.0}"));
            canvases.Add((file, [(rng.Next(garments.Count), x, y)]));
        }
        Write(garments, folder, size, canvases);
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(folder, "points.csv"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n"));
        return folder;
    }

    private static void Write(LabelledImages garments, string folder, int size, List<(string File, (int Index, int X, int Y)[] Garments)> canvases)
    {
        var area = garments.Height * garments.Width;
        Parallel.ForEach(canvases, canvas =>
        {
            var path = Path.Combine(folder, canvas.File);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var pixels = new byte[size * size];
            foreach (var (index, x, y) in canvas.Garments)
                for (var r = 0; r < garments.Height; r++)
                    for (var c = 0; c < garments.Width; c++)
                    {
                        var v = garments.Pixels[index * area + r * garments.Width + c];
                        ref var p = ref pixels[(y + r) * size + x + c];
                        p = Math.Max(p, v);   // garments that overlap show both
                    }
            using var gray = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, gray.GetPixels(), pixels.Length);
            using var rgb = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var draw = new SKCanvas(rgb))
            using (var image = SKImage.FromBitmap(gray))
                draw.DrawImage(image, 0, 0);
            Persistence.AtomicFile.Write(path, stream => rgb.Encode(stream, SKEncodedImageFormat.Png, 100));
        });
    }
}
