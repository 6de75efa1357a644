using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>Heat maps of histograms over time, one band per series (fastai's colorful dimension): x is the step, y the histogram bin, colour the
/// log of the count.</summary>
internal static class HeatMaps
{
    /// <summary>Draws one band per (name, histograms) and writes the PNG atomically.</summary>
    public static void Save(string path, IReadOnlyList<(string Name, IReadOnlyList<float[]> Histograms)> bands)
    {
        const int bandHeight = 120, left = 130, top = 36, gap = 14, width = 900;
        var height = top + bands.Count * (bandHeight + gap) + 10;
        var typeface = PlotFont.Typeface;
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        using (var text = typeface is null ? null : new SKPaint { Typeface = typeface, TextSize = 13, IsAntialias = true, Color = SKColors.Black })
        {
            canvas.Clear(SKColors.White);
            if (text is not null)
                canvas.DrawText("Activations per layer: value 0–10 (bottom to top) over training batches, colour log(1 + count)", 10, 22, text);
            for (var b = 0; b < bands.Count; b++)
            {
                var (name, hists) = bands[b];
                var y0 = top + b * (bandHeight + gap);
                if (text is not null) canvas.DrawText(name, 8, y0 + bandHeight / 2f, text);
                if (hists.Count == 0) continue;
                var bins = hists[0].Length;
                var max = hists.Max(h => h.Max(c => Math.Log(1 + c)));
                var cellWidth = (width - left - 10) / (float)hists.Count;
                var cellHeight = bandHeight / (float)bins;
                using var paint = new SKPaint { IsAntialias = false };
                for (var x = 0; x < hists.Count; x++)
                    for (var bin = 0; bin < bins; bin++)
                    {
                        paint.Color = Viridis(max <= 0 ? 0 : Math.Log(1 + hists[x][bin]) / max);
                        canvas.DrawRect(left + x * cellWidth, y0 + bandHeight - (bin + 1) * cellHeight, cellWidth + 0.5f, cellHeight + 0.5f, paint);
                    }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("SkiaSharp could not encode the plot as PNG");
        Persistence.AtomicFile.WriteAllBytes(path, png.ToArray());
    }

    // A short version of matplotlib's viridis: dark blue through green to yellow.
    private static SKColor Viridis(double t)
    {
        (double R, double G, double B)[] stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];
        t = Math.Clamp(t, 0, 1) * (stops.Length - 1);
        var i = Math.Min((int)t, stops.Length - 2);
        var f = t - i;
        byte Mix(double a, double b) => (byte)Math.Round(a + (b - a) * f);
        return new SKColor(Mix(stops[i].R, stops[i + 1].R), Mix(stops[i].G, stops[i + 1].G), Mix(stops[i].B, stops[i + 1].B));
    }
}
