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
    /// garment's centre x, y in pixels (and its class name as label when classes are given); returns the folder.</summary>
    public static string WritePoints(LabelledImages garments, string folder, int count, int size, int seed, IReadOnlyList<string>? classes = null)
    {
        var rng = new Random(seed);
        var rows = new List<string> { classes is null ? "fname,x,y" : "fname,x,y,label" };
        var canvases = new List<(string File, (int Index, int X, int Y)[] Garments)>();
        for (var i = 0; i < count; i++)
        {
            var (x, y) = (rng.Next(size - garments.Width + 1), rng.Next(size - garments.Height + 1));
            var file = $"images/{i:D5}.png";
            var index = rng.Next(garments.Count);
            var label = classes is null ? "" : $",{FashionImageFolder.Stem(classes[garments.Labels[index]])}";
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{file},{x + garments.Width / 2.0},{y + garments.Height / 2.0}{label}"));
            canvases.Add((file, [(index, x, y)]));
        }
        Write(garments, folder, size, canvases);
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(folder, "points.csv"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n"));
        return folder;
    }

    /// <summary>The grey level above which a garment's pixel counts as the garment (its mask) in a scene.</summary>
    public const byte SceneThreshold = 40;

    /// <summary>Writes count scenes of size × size in CamVid's layout — images/NNNNN.png (RGB), labels/NNNNN_P.png (the class code of every pixel),
    /// codes.txt (Background, the garment classes, Void) and valid.txt (the last validPct of the names): one to four garments scaled by 0.8–1.6 at
    /// random places, each later one covering the earlier ones, labelled by the garment covering each pixel and ringed by a one-pixel void border
    /// where a garment meets the background or another garment; returns the folder.</summary>
    public static string WriteScenes(LabelledImages garments, IReadOnlyList<string> classes, string folder, int count, int size, double validPct, int seed)
    {
        var rng = new Random(seed);
        var voidCode = (byte)(classes.Count + 1);
        var names = new List<string>();
        var scenes = new List<(string Name, (int Index, int Side, int X, int Y)[] Garments)>();
        for (var i = 0; i < count; i++)
        {
            var placed = new (int, int, int, int)[1 + rng.Next(4)];
            for (var g = 0; g < placed.Length; g++)
            {
                var side = Math.Min(size, (int)Math.Round(garments.Width * (0.8 + 0.8 * rng.NextDouble())));
                placed[g] = (rng.Next(garments.Count), side, rng.Next(size - side + 1), rng.Next(size - side + 1));
            }
            names.Add($"{i:D5}");
            scenes.Add((names[^1], placed));
        }
        Parallel.ForEach(scenes, scene =>
        {
            var (pixels, labels) = (new byte[size * size], new byte[size * size]);
            foreach (var (index, side, x, y) in scene.Garments)
            {
                var scaled = Scale(garments, index, side);
                var code = (byte)(garments.Labels[index] + 1);
                for (var r = 0; r < side; r++)
                    for (var c = 0; c < side; c++)
                        if (scaled[r * side + c] > SceneThreshold)
                            (pixels[(y + r) * size + x + c], labels[(y + r) * size + x + c]) = (scaled[r * side + c], code);
            }
            var ringed = (byte[])labels.Clone();
            for (var r = 0; r < size; r++)
                for (var c = 0; c < size; c++)
                {
                    // The lower-coded side of every boundary becomes void: the background around a garment, the lower class where two meet.
                    var own = labels[r * size + c];
                    foreach (var (dr, dc) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
                    {
                        var (nr, nc) = (r + dr, c + dc);
                        if (nr < 0 || nc < 0 || nr >= size || nc >= size || labels[nr * size + nc] <= own) continue;
                        ringed[r * size + c] = voidCode;
                        break;
                    }
                }
            SaveGray(Path.Combine(folder, "images", $"{scene.Name}.png"), pixels, size, rgb: true);
            SaveGray(Path.Combine(folder, "labels", $"{scene.Name}_P.png"), ringed, size, rgb: false);
        });
        string[] codes = ["Background", .. classes.Select(FashionImageFolder.Stem), "Void"];
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(folder, "codes.txt"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", codes) + "\n"));
        var valid = names.Skip((int)Math.Round(count * (1 - validPct))).Select(n => $"{n}.png");
        Persistence.AtomicFile.WriteAllBytes(Path.Combine(folder, "valid.txt"), System.Text.Encoding.UTF8.GetBytes(string.Join("\n", valid) + "\n"));
        return folder;
    }

    // A garment resampled bilinearly to side × side pixels.
    private static byte[] Scale(LabelledImages garments, int index, int side)
    {
        var (h, w, area) = (garments.Height, garments.Width, garments.Height * garments.Width);
        var result = new byte[side * side];
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
            {
                var (sy, sx) = (Math.Clamp((r + 0.5) * h / side - 0.5, 0, h - 1), Math.Clamp((c + 0.5) * w / side - 0.5, 0, w - 1));
                var (y0, x0) = ((int)sy, (int)sx);
                var (y1, x1, fy, fx) = (Math.Min(y0 + 1, h - 1), Math.Min(x0 + 1, w - 1), sy - y0, sx - x0);
                double P(int y, int x) => garments.Pixels[index * area + y * w + x];
                var v = (1 - fy) * ((1 - fx) * P(y0, x0) + fx * P(y0, x1)) + fy * ((1 - fx) * P(y1, x0) + fx * P(y1, x1));
                result[r * side + c] = (byte)Math.Round(v);
            }
        return result;
    }

    private static void SaveGray(string path, byte[] pixels, int size, bool rgb)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var gray = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, gray.GetPixels(), pixels.Length);
        if (!rgb)
        {
            Persistence.AtomicFile.Write(path, stream => gray.Encode(stream, SKEncodedImageFormat.Png, 100));
            return;
        }
        using var color = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var draw = new SKCanvas(color))
        using (var image = SKImage.FromBitmap(gray))
            draw.DrawImage(image, 0, 0);
        Persistence.AtomicFile.Write(path, stream => color.Encode(stream, SKEncodedImageFormat.Png, 100));
    }

    private static void Write(LabelledImages garments, string folder, int size, List<(string File, (int Index, int X, int Y)[] Garments)> canvases)
    {
        var area = garments.Height * garments.Width;
        Parallel.ForEach(canvases, canvas =>
        {
            var path = Path.Combine(folder, canvas.File);
            var pixels = new byte[size * size];
            foreach (var (index, x, y) in canvas.Garments)
                for (var r = 0; r < garments.Height; r++)
                    for (var c = 0; c < garments.Width; c++)
                    {
                        var v = garments.Pixels[index * area + r * garments.Width + c];
                        ref var p = ref pixels[(y + r) * size + x + c];
                        p = Math.Max(p, v);   // garments that overlap show both
                    }
            SaveGray(path, pixels, size, rgb: true);
        });
    }
}
