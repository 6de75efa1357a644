using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace FastDays.Plotting;

/// <summary>A line chart of named (x, y) series written as PNG with ScottPlot: title, axis labels, ticks, legend, optional log axes.</summary>
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

    /// <summary>Builds the ScottPlot plot this chart draws, for further styling before saving it yourself (the caller disposes it).</summary>
    public Plot ToPlot()
    {
        CheckLogAxes();
        var plot = new Plot();
        var font = DrawText ? PlotFont.FamilyForScottPlot : null;
        ScottPlotStyle.Apply(plot, font, Title, XLabel, YLabel);
        plot.Layout.Fixed(new PixelPadding(LeftMargin, RightMargin, BottomMargin, TopMargin));
        for (var i = 0; i < _series.Count; i++) AddSeries(plot, _series[i], ColorOf(i));
        plot.Axes.Bottom.TickGenerator = Ticks(LogX, _series.SelectMany(s => s.Points.Select(p => p.X)), font is not null);
        plot.Axes.Left.TickGenerator = Ticks(LogY, _series.SelectMany(s => s.Points.Select(p => p.Y)), font is not null);
        plot.Axes.Margins(horizontal: 0, vertical: 0.05);
        if (ShowLegend && _series.Count > 0 && font is not null) plot.ShowLegend(Alignment.UpperRight);
        else plot.HideLegend();
        return plot;
    }

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    public byte[] ToPng() => ScottPlotStyle.Png(ToPlot, Width, Height);

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

    // ScottPlot draws log axes as log10 of the data with labels of the powers: non-finite points break the line into segments.
    private void AddSeries(Plot plot, PlotSeries series, SKColor color)
    {
        var segment = new List<(double X, double Y)>();
        var first = true;
        void Flush()
        {
            if (segment.Count == 0) return;
            var line = plot.Add.ScatterLine(segment.Select(p => p.X).ToArray(), segment.Select(p => p.Y).ToArray());
            line.Color = new Color(color.Red, color.Green, color.Blue);
            line.LineWidth = 2;
            line.MarkerSize = segment.Count == 1 ? 6 : 0;   // a lone point would otherwise be invisible
            line.LinePattern = series.Dashed ? new LinePattern([9, 6], 0, "dashed") : LinePattern.Solid;
            if (first) line.LegendText = series.Name;
            first = false;
            segment.Clear();
        }
        foreach (var (px, py) in series.Points)
        {
            var (x, y) = (LogX && px > 0 ? Math.Log10(px) : px, LogY && py > 0 ? Math.Log10(py) : py);
            if (double.IsFinite(x) && double.IsFinite(y)) segment.Add((x, y));
            else Flush();
        }
        Flush();
    }

    private static NumericAutomatic Ticks(bool log, IEnumerable<double> values, bool labels)
    {
        if (!labels) return new NumericAutomatic { LabelFormatter = _ => "" };
        if (!log) return new NumericAutomatic();
        var decades = values.Where(v => double.IsFinite(v) && v > 0).Select(Math.Log10).DefaultIfEmpty(0).ToList();
        var wide = decades.Max() - decades.Min() >= 2;
        return new NumericAutomatic
        {
            IntegerTicksOnly = wide,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = v => Math.Pow(10, v).ToString(wide ? "0.#e0" : "G3", CultureInfo.InvariantCulture),
        };
    }
}
