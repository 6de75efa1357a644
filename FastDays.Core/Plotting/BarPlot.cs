using ScottPlot;
using ScottPlot.TickGenerators;

namespace FastDays.Plotting;

/// <summary>A horizontal bar chart (one labelled bar per value, top first) drawn with ScottPlot and saved as PNG, such as fastai's feature
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

    /// <summary>The image height in pixels: room for the title and the axis, and 22 pixels per bar.</summary>
    public int Height => 130 + 22 * _bars.Count;

    /// <summary>Builds the ScottPlot plot this chart draws, for further styling before saving it yourself (the caller disposes it).</summary>
    public Plot ToPlot()
    {
        if (_bars.Count == 0) throw new InvalidOperationException("a bar chart needs at least one bar");
        var plot = new Plot();
        var font = PlotFont.FamilyForScottPlot;
        ScottPlotStyle.Apply(plot, font, Title, XLabel, "");
        var top = _bars.Count - 1;
        var bars = _bars.Select((b, i) => new Bar { Position = top - i, Value = b.Value, FillColor = new Color(0x1f, 0x77, 0xb4), Size = 0.7 }).ToList();
        plot.Add.Bars(bars).Horizontal = true;
        var labels = new NumericManual();
        for (var i = 0; i < _bars.Count; i++) labels.AddMajor(top - i, font is null ? "" : _bars[i].Label);
        plot.Axes.Left.TickGenerator = labels;
        plot.Axes.Margins(left: 0, right: 0.05, bottom: 0.02, top: 0.02);
        plot.HideGrid();
        return plot;
    }

    /// <summary>Draws the chart and encodes it as PNG bytes.</summary>
    public byte[] ToPng()
    {
        using var plot = ToPlot();
        return ScottPlotStyle.Png(plot, Width, Height);
    }

    /// <summary>Writes the chart as a PNG file atomically, creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Persistence.AtomicFile.WriteAllBytes(path, ToPng());
    }
}
