using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>A horizontal bar chart (one labelled bar per value, largest first), drawn with SkiaSharp and saved as PNG, such as fastai's feature
/// importance plot.</summary>
public sealed class BarPlot
{
    private readonly List<(string Label, double Value)> _bars = [];

    /// <summary>The title above the chart.</summary>
    public string Title { get; init; } = "";

    /// <summary>The label under the value axis.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>The image width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>The bars, in the order they are drawn (top first).</summary>
    public IReadOnlyList<(string Label, double Value)> Bars => _bars;

    /// <summary>Adds a bar and returns this plot.</summary>
    public BarPlot Add(string label, double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"bar '{label}' has the value {value}, which a bar chart cannot show");
        _bars.Add((label, value));
        return this;
    }

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    public byte[] ToPng()
    {
        if (_bars.Count == 0) throw new InvalidOperationException("a bar chart needs at least one bar");
        const float barHeight = 22, top = 40, bottom = 50, right = 30;
        var typeface = PlotFont.Typeface;
        using var text = typeface is null ? null : new SKPaint { Typeface = typeface, TextSize = 13, IsAntialias = true, Color = SKColors.Black };
        var left = 20 + (text is null ? 0 : _bars.Max(b => text.MeasureText(b.Label)));
        var height = (int)(top + bottom + barHeight * _bars.Count);
        var scale = AxisScale.Fit(_bars.Select(b => b.Value).Append(0), log: false, pad: false);
        using var bitmap = new SKBitmap(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var area = new SKRect(left, top, Width - right, height - bottom);
            using var bar = new SKPaint { Color = LinePlot.ColorOf(0), IsAntialias = true };
            using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1 };
            float X(double v) => area.Left + (float)scale.Fraction(v) * area.Width;
            for (var i = 0; i < _bars.Count; i++)
            {
                var y = area.Top + i * barHeight;
                var (a, b) = (X(0), X(_bars[i].Value));
                canvas.DrawRect(new SKRect(Math.Min(a, b), y + 3, Math.Max(a, b), y + barHeight - 3), bar);
                if (text is not null)
                {
                    text.TextAlign = SKTextAlign.Right;
                    canvas.DrawText(_bars[i].Label, area.Left - 6, y + barHeight / 2 + 5, text);
                }
            }
            canvas.DrawLine(area.Left, area.Bottom, area.Right, area.Bottom, axis);
            canvas.DrawLine(X(0), area.Top, X(0), area.Bottom, axis);
            if (text is not null)
            {
                text.TextAlign = SKTextAlign.Center;
                foreach (var tick in scale.Ticks()) canvas.DrawText(scale.Label(tick), X(tick), area.Bottom + 16, text);
                canvas.DrawText(XLabel, area.MidX, height - 12, text);
                text.TextSize = 16;
                canvas.DrawText(Title, Width / 2f, 24, text);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("SkiaSharp could not encode the plot as PNG");
        return png.ToArray();
    }

    /// <summary>Writes the chart as a PNG file atomically, creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Persistence.AtomicFile.WriteAllBytes(path, ToPng());
    }
}
