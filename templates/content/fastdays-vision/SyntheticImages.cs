using SkiaSharp;

namespace FastDaysVision;

/// <summary>A small data set to try the project on: PNG images of a circle or a square in random places, sizes and colours.</summary>
public static class SyntheticImages
{
    /// <summary>Writes folder/train and folder/valid with one subfolder per class (once; an existing folder is kept) and returns folder.</summary>
    public static string Write(string folder, int perClass)
    {
        if (Directory.Exists(folder)) return folder;
        var random = new Random(0);
        foreach (var (split, count) in new[] { ("train", perClass), ("valid", Math.Max(2, perClass / 4)) })
            foreach (var shape in new[] { "circle", "square" })
            {
                var dir = Directory.CreateDirectory(Path.Combine(folder, split, shape)).FullName;
                for (var i = 0; i < count; i++)
                {
                    using var bitmap = new SKBitmap(80, 80);
                    using (var canvas = new SKCanvas(bitmap))
                    using (var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), 255), IsAntialias = true })
                    {
                        canvas.Clear(new SKColor((byte)random.Next(128), (byte)random.Next(128), (byte)random.Next(128)));
                        float size = random.Next(16, 32), cx = random.Next(20, 60), cy = random.Next(20, 60);
                        if (shape == "circle") canvas.DrawCircle(cx, cy, size / 2, paint);
                        else canvas.DrawRect(cx - size / 2, cy - size / 2, size, size, paint);
                    }
                    using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                    File.WriteAllBytes(Path.Combine(dir, $"{shape}_{i}.png"), png.ToArray());
                }
            }
        return folder;
    }
}
