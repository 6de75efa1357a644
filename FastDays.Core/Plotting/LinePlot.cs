using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>A line chart of named (x, y) series written as PNG: title, axis labels, ticks, legend, optional log axes.</summary>
/// <remarks>Text needs a font; on a machine without one the chart is still drawn, lines and ticks only.</remarks>
public sealed class LinePlot
{
    private const float LeftMargin = 78, RightMargin = 24, TopMargin = 44, BottomMargin = 56;

    private static readonly SKColor[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
    ];

    private readonly List<PlotSeries> _series = [];

    /// <summary>The title drawn above the chart.</summary>
    public string Title { get; init; } = "";

    /// <summary>The label under the x axis.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>The label beside the y axis.</summary>
    public string YLabel { get; init; } = "";

    /// <summary>Whether the x axis is logarithmic (base 10); x values must then be positive.</summary>
    public bool LogX { get; init; }

    /// <summary>Whether the y axis is logarithmic (base 10); y values must then be positive.</summary>
    public bool LogY { get; init; }

    /// <summary>The image width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>The image height in pixels.</summary>
    public int Height { get; init; } = 500;

    /// <summary>Whether a legend naming the series is drawn in the top-right corner.</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>The series added so far, in drawing order.</summary>
    public IReadOnlyList<PlotSeries> Series => _series;

    /// <summary>Whether any text is drawn: true when a usable font was found on this machine.</summary>
    public static bool CanDrawText => PlotFont.Typeface is not null;

    /// <summary>Set false to draw without text even when a font exists (used to test the no-font path).</summary>
    internal bool DrawText { get; init; } = true;

    /// <summary>Adds a series of (x, y) points, solid or dashed, and returns this plot.</summary>
    public LinePlot Add(string name, IEnumerable<(double X, double Y)> points, bool dashed = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(points);
        _series.Add(new PlotSeries(name, points.ToList(), dashed));
        return this;
    }

    /// <summary>Adds a series whose x values are 0, 1, 2, … (for example one cost per iteration) and returns this plot.</summary>
    public LinePlot Add(string name, IReadOnlyList<double> ys, bool dashed = false)
    {
        ArgumentNullException.ThrowIfNull(ys);
        return Add(name, ys.Select((y, i) => ((double)i, y)), dashed);
    }

    /// <summary>The colour of the series at the given index.</summary>
    internal static SKColor ColorOf(int index) => Palette[index % Palette.Length];

    /// <summary>The rectangle, in pixels, inside which the data is drawn.</summary>
    internal SKRect PlotArea => new(LeftMargin, TopMargin, Width - RightMargin, Height - BottomMargin);

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    public byte[] ToPng()
    {
        if (Width < 200 || Height < 150) throw new ArgumentException($"a plot needs at least 200x150 pixels, got {Width}x{Height}");
        CheckLogAxes();
        var x = AxisScale.Fit(_series.SelectMany(s => s.Points.Select(p => p.X)), LogX, pad: false);
        var y = AxisScale.Fit(_series.SelectMany(s => s.Points.Select(p => p.Y)), LogY, pad: true);
        var typeface = DrawText ? PlotFont.Typeface : null;

        using var bitmap = new SKBitmap(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var area = PlotArea;
            DrawAxes(canvas, area, x, y, typeface);
            canvas.Save();
            canvas.ClipRect(area);
            for (var i = 0; i < _series.Count; i++) DrawSeries(canvas, area, x, y, _series[i], ColorOf(i));
            canvas.Restore();
            if (ShowLegend && _series.Count > 0) DrawLegend(canvas, area, typeface);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the plot as PNG");
        return png.ToArray();
    }

    /// <summary>Writes the chart as a PNG file atomically (temporary file, then rename), creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Persistence.AtomicFile.WriteAllBytes(path, ToPng());
    }

    private void CheckLogAxes()
    {
        foreach (var series in _series)
            for (var i = 0; i < series.Points.Count; i++)
            {
                var (px, py) = series.Points[i];
                if (LogX && double.IsFinite(px) && px <= 0)
                    throw new ArgumentException($"series '{series.Name}' has x = {px} at point {i}, which a log x axis cannot show");
                if (LogY && double.IsFinite(py) && py <= 0)
                    throw new ArgumentException($"series '{series.Name}' has y = {py} at point {i}, which a log y axis cannot show");
            }
    }

    private static SKPaint TextPaint(SKTypeface typeface, float size, SKTextAlign align) => new()
    {
        Typeface = typeface,
        TextSize = size,
        IsAntialias = true,
        Color = SKColors.Black,
        TextAlign = align,
    };

    private void DrawAxes(SKCanvas canvas, SKRect area, AxisScale x, AxisScale y, SKTypeface? typeface)
    {
        using var grid = new SKPaint { Color = new SKColor(0xe4, 0xe4, 0xe4), StrokeWidth = 1, IsAntialias = false };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        using var tickText = typeface is null ? null : TextPaint(typeface, 12, SKTextAlign.Center);
        foreach (var tick in x.Ticks())
        {
            var px = area.Left + (float)x.Fraction(tick) * area.Width;
            canvas.DrawLine(px, area.Top, px, area.Bottom, grid);
            canvas.DrawLine(px, area.Bottom, px, area.Bottom + 5, axis);
            if (tickText is not null) canvas.DrawText(x.Label(tick), px, area.Bottom + 18, tickText);
        }
        if (tickText is not null) tickText.TextAlign = SKTextAlign.Right;
        foreach (var tick in y.Ticks())
        {
            var py = area.Bottom - (float)y.Fraction(tick) * area.Height;
            canvas.DrawLine(area.Left, py, area.Right, py, grid);
            canvas.DrawLine(area.Left - 5, py, area.Left, py, axis);
            if (tickText is not null) canvas.DrawText(y.Label(tick), area.Left - 8, py + 4, tickText);
        }
        canvas.DrawRect(area, axis);
        if (typeface is null) return;

        using var title = TextPaint(typeface, 16, SKTextAlign.Center);
        using var label = TextPaint(typeface, 13, SKTextAlign.Center);
        canvas.DrawText(Title, area.MidX, TopMargin - 16, title);
        canvas.DrawText(XLabel, area.MidX, Height - 14, label);
        canvas.Save();
        canvas.RotateDegrees(-90, 18, area.MidY);
        canvas.DrawText(YLabel, 18, area.MidY, label);
        canvas.Restore();
    }

    private static void DrawSeries(SKCanvas canvas, SKRect area, AxisScale x, AxisScale y, PlotSeries series, SKColor color)
    {
        using var dash = series.Dashed ? SKPathEffect.CreateDash([9, 6], 0) : null;
        using var paint =
            new SKPaint { Color = color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeJoin = SKStrokeJoin.Round, PathEffect = dash };
        using var path = new SKPath();
        var drawing = false;
        foreach (var (px, py) in series.Points)
        {
            var fx = x.Fraction(px);
            var fy = y.Fraction(py);
            if (double.IsNaN(fx) || double.IsNaN(fy))
            {
                drawing = false;
                continue;
            }
            var point = new SKPoint(area.Left + (float)fx * area.Width, area.Bottom - (float)fy * area.Height);
            if (drawing) path.LineTo(point);
            else path.MoveTo(point);
            drawing = true;
        }
        canvas.DrawPath(path, paint);
        // A lone point (or a series of lone points) would otherwise be invisible.
        using var dot = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        if (series.Points.Count == 1 && path.PointCount == 1) canvas.DrawCircle(path.LastPoint, 3, dot);
    }

    private void DrawLegend(SKCanvas canvas, SKRect area, SKTypeface? typeface)
    {
        using var text = typeface is null ? null : TextPaint(typeface, 12, SKTextAlign.Left);
        var textWidth = text is null ? 0 : _series.Max(s => text.MeasureText(s.Name));
        const float row = 18, swatch = 24, pad = 8;
        var box = new SKRect(area.Right - pad - (pad * 3 + swatch + textWidth), area.Top + pad, area.Right - pad, area.Top + pad + pad + row * _series.Count);
        using var background = new SKPaint { Color = SKColors.White.WithAlpha(230), Style = SKPaintStyle.Fill };
        using var border = new SKPaint { Color = new SKColor(0xb0, 0xb0, 0xb0), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(box, background);
        canvas.DrawRect(box, border);
        for (var i = 0; i < _series.Count; i++)
        {
            var mid = box.Top + pad / 2 + row * i + row / 2;
            using var dash = _series[i].Dashed ? SKPathEffect.CreateDash([6, 4], 0) : null;
            using var line = new SKPaint { Color = ColorOf(i), StrokeWidth = 3, IsAntialias = true, PathEffect = dash };
            canvas.DrawLine(box.Left + pad, mid, box.Left + pad + swatch, mid, line);
            if (text is not null) canvas.DrawText(_series[i].Name, box.Left + pad * 2 + swatch, mid + 4, text);
        }
    }
}
