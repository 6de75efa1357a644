using FastDays.Persistence;
using FastDays.Plotting;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Display;

/// <summary>Writes images with captions as a PNG grid (fastai's show_batch / show_results / plot_top_losses figures).</summary>
public static class ImageGrid
{
    /// <summary>Draws images (channels × height × width, uint8 or floats in [0, 1]; 1 or 3 channels) in rows of cols cells with a caption under each
    /// and each image's overlay (points, a mask) when given; returns the file.</summary>
    public static string Save(string path, IReadOnlyList<Tensor> images, IReadOnlyList<string> captions, int cols = 4, int cell = 128,
        IReadOnlyList<ImageOverlay?>? overlays = null)
    {
        if (images.Count == 0) throw new ArgumentException("no images to draw", nameof(images));
        var rows = (images.Count + cols - 1) / cols;
        var font = PlotFont.Typeface;
        var captionHeight = font is null ? 4 : 34;
        using var bitmap = new SKBitmap(cols * (cell + 8) + 8, rows * (cell + captionHeight + 8) + 8);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var textFont = new SKFont(font ?? SKTypeface.Default, 12);
        using var imagePaint = new SKPaint();
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Nearest);
        for (var i = 0; i < images.Count; i++)
        {
            var (x, y) = (8 + i % cols * (cell + 8), 8 + i / cols * (cell + captionHeight + 8));
            using var image = ToBitmap(images[i]);
            using var pixels = SKImage.FromBitmap(image);
            canvas.DrawImage(pixels, new SKRect(x, y, x + cell, y + cell), sampling, imagePaint);
            if (overlays?.ElementAtOrDefault(i) is { } overlay) Draw(canvas, overlay, x, y, cell, (float)cell / image.Width, (float)cell / image.Height);
            if (font is null || i >= captions.Count) continue;
            var lines = captions[i].Split('\n');
            for (var l = 0; l < Math.Min(2, lines.Length); l++)
            {
                // a caption wider than its cell is drawn smaller (down to 7 points) rather than over its neighbours
                using var fitted = new SKFont(textFont.Typeface, Math.Max(7f, 12f * Math.Min(1f, (cell + 6) / Math.Max(1f, textFont.MeasureText(lines[l])))));
                canvas.DrawText(lines[l], x + cell / 2f, y + cell + 14 + 14 * l, SKTextAlign.Center, fitted, text);
            }
        }
        AtomicFile.Write(path, s => bitmap.Encode(s, SKEncodedImageFormat.Png, 100));
        return path;
    }

    private static readonly SKColor[] MaskColors =
        [SKColors.Transparent, SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.Yellow, SKColors.Magenta, SKColors.Cyan, SKColors.Orange];

    private static void Draw(SKCanvas canvas, ImageOverlay overlay, float x, float y, float cell, float sx, float sy)
    {
        if (overlay.Mask is { } mask)
        {
            var codes = mask.cpu().to_type(ScalarType.Int64).data<long>().ToArray();
            var (h, w) = (mask.shape[^2], mask.shape[^1]);
            using var fill = new SKPaint { IsAntialias = false };
            for (var r = 0; r < h; r++)
                for (var c = 0; c < w; c++)
                {
                    if (codes[r * w + c] == 0) continue;
                    fill.Color = MaskColors[1 + (codes[r * w + c] - 1) % (MaskColors.Length - 1)].WithAlpha(110);
                    canvas.DrawRect(x + c * sx, y + r * sy, sx, sy, fill);
                }
        }
        if (overlay.Heat is { } heat)
        {
            using var colours = HeatBitmap(heat);
            using var image = SKImage.FromBitmap(colours);
            using var blend = new SKPaint();
            canvas.DrawImage(image, new SKRect(x, y, x + cell, y + cell), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), blend);
        }
        void Dots(float[]? points, SKColor color)
        {
            if (points is null) return;
            using var dot = new SKPaint { Color = color, IsAntialias = true };
            for (var k = 0; k + 1 < points.Length; k += 2) canvas.DrawCircle(x + points[k] * sx, y + points[k + 1] * sy, 3.5f, dot);
        }
        Dots(overlay.Points, SKColors.Lime);
        Dots(overlay.Predicted, SKColors.Red);
    }

    // A heat map as a translucent bitmap of its own size: min–max scaled, then dark purple through red to yellow (a magma-like ramp).
    private static SKBitmap HeatBitmap(Tensor heat)
    {
        using var scope = NewDisposeScope();
        var values = heat.detach().cpu().to_type(ScalarType.Float32);
        if (values.dim() != 2) throw new ArgumentException($"a heat map is (height, width), got {Formats.Shape(values)}", nameof(heat));
        var (h, w) = ((int)values.shape[0], (int)values.shape[1]);
        var v = values.contiguous().data<float>().ToArray();
        var (low, high) = (v.Min(), v.Max());
        var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var r = 0; r < h; r++)
            for (var c = 0; c < w; c++)
            {
                var t = high > low ? (v[r * w + c] - low) / (high - low) : 0f;
                var colour = new SKColor((byte)(255 * Math.Min(1, 1.6 * t)), (byte)(255 * Math.Max(0, 1.6 * t - 0.6)), (byte)(255 * (0.4 - 0.4 * t) + 40 * t),
                    150);
                bitmap.SetPixel(c, r, colour);
            }
        return bitmap;
    }

    private static SKBitmap ToBitmap(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = image.detach().cpu();
        using var s = new ScalarScope();
        if (x.is_floating_point()) x = x.clamp(s.Of(0.0), s.Of(1.0)).mul(s.Of(255.0)).round();
        x = x.to_type(ScalarType.Byte);
        if (x.dim() != 3 || x.shape[0] is not (1 or 3)) throw new ArgumentException($"images must be (1 or 3, height, width), got {Formats.Shape(x)}");
        if (x.shape[0] == 1) x = x.expand(3, -1, -1);
        var (h, w) = ((int)x.shape[1], (int)x.shape[2]);
        var rgba = cat([x, full(1, h, w, s.Of(255), dtype: ScalarType.Byte)], 0).permute(1, 2, 0).contiguous();
        var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba.bytes.ToArray(), 0, bitmap.GetPixels(), w * h * 4);
        return bitmap;
    }
}
