using ScottPlot;

namespace FastDays.Plotting;

/// <summary>A scatter chart of labelled points drawn with ScottPlot and saved as PNG, such as the book's map of movies on two principal components of
/// their factors.</summary>
public sealed class ScatterPlot
{
    private readonly List<(string Label, double X, double Y)> _points = [];

    /// <summary>The title above the chart.</summary>
    public string Title { get; init; } = "";

    /// <summary>The label under the x axis.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>The label beside the y axis.</summary>
    public string YLabel { get; init; } = "";

    /// <summary>The image width in pixels.</summary>
    public int Width { get; init; } = 900;

    /// <summary>The image height in pixels.</summary>
    public int Height { get; init; } = 900;

    /// <summary>The points added so far.</summary>
    public IReadOnlyList<(string Label, double X, double Y)> Points => _points;

    /// <summary>Adds a point with the text drawn beside it and returns this plot.</summary>
    public ScatterPlot Add(string label, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!double.IsFinite(x) || !double.IsFinite(y)) throw new ArgumentException($"point '{label}' is at ({x}, {y}), which a chart cannot show");
        _points.Add((label, x, y));
        return this;
    }

    /// <summary>Builds the ScottPlot plot this chart draws, for further styling before saving it yourself (the caller disposes it).</summary>
    public Plot ToPlot()
    {
        if (_points.Count == 0) throw new InvalidOperationException("a scatter chart needs at least one point");
        var plot = new Plot();
        var font = PlotFont.FamilyForScottPlot;
        ScottPlotStyle.Apply(plot, font, Title, XLabel, YLabel);
        var markers = plot.Add.Markers(_points.Select(p => p.X).ToArray(), _points.Select(p => p.Y).ToArray());
        markers.Color = new Color(0x1f, 0x77, 0xb4);
        markers.MarkerSize = 6;
        if (font is not null)
            foreach (var (label, x, y) in _points)
            {
                var text = plot.Add.Text(label, x, y);
                text.LabelFontSize = 11;
                text.LabelFontName = font;
                text.LabelFontColor = new Color(0x33, 0x33, 0x33);
                text.LabelOffsetX = 4;
            }
        plot.Axes.Margins(0.12, 0.08);
        return plot;
    }

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    public byte[] ToPng() => ScottPlotStyle.Png(ToPlot, Width, Height);

    /// <summary>Writes the chart as a PNG file atomically, creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Persistence.AtomicFile.WriteAllBytes(path, ToPng());
    }
}
