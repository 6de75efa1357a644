using System.Text.RegularExpressions;
using SkiaSharp;

namespace FastDays.Examples.Pets;

/// <summary>Writes Fashion-MNIST images as upscaled RGB PNG files named like the Oxford pets (ankle_boot_123.png), for the pets-style example.</summary>
internal static partial class FashionImageFolder
{
    /// <summary>The regular expression that takes the label out of a file name: everything before the last _number.</summary>
    public const string LabelPattern = @"^(.+)_\d+\.png$";

    /// <summary>A class name as a file-name stem: T-shirt/top → t_shirt_top, Ankle boot → ankle_boot.</summary>
    public static string Stem(string className) => NonWord().Replace(className.ToLowerInvariant(), "_").Trim('_');

    /// <summary>Writes the first count images (balanced by taking them in order) into folder at size×size, skipping files already there; returns the
    /// folder.</summary>
    public static string Write(LabelledImages images, IReadOnlyList<string> classes, string folder, int count, int size)
    {
        Directory.CreateDirectory(folder);
        var n = Math.Min(count, images.Count);
        var area = images.Height * images.Width;
        Parallel.For(0, n, i =>
        {
            var path = Path.Combine(folder, $"{Stem(classes[images.Labels[i]])}_{i}.png");
            if (File.Exists(path)) return;
            using var gray = new SKBitmap(new SKImageInfo(images.Width, images.Height, SKColorType.Gray8, SKAlphaType.Opaque));
            System.Runtime.InteropServices.Marshal.Copy(images.Pixels, i * area, gray.GetPixels(), area);
            using var rgb = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(rgb))
            using (var paint = new SKPaint())
            using (var pixels = SKImage.FromBitmap(gray))
                canvas.DrawImage(pixels, new SKRect(0, 0, size, size), new SKSamplingOptions(SKFilterMode.Linear), paint);
            FastDays.Persistence.AtomicFile.Write(path, stream => rgb.Encode(stream, SKEncodedImageFormat.Png, 100));
        });
        return folder;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
