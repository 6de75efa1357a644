using ScottPlot;
using ScottPlot.TickGenerators;

namespace FastDays.Plotting;

/// <summary>Heat maps of histograms over time, one band per series (fastai's colorful dimension), drawn with ScottPlot: x is the step, y the
/// histogram bin, colour the log of the count.</summary>
internal static class HeatMaps
{
    /// <summary>Draws one band per (name, histograms) and writes the PNG atomically.</summary>
    public static void Save(string path, IReadOnlyList<(string Name, IReadOnlyList<float[]> Histograms)> bands)
    {
        const int gap = 4;
        var steps = Math.Max(1, bands.Max(b => b.Histograms.Count));
        var bins = bands.Select(b => b.Histograms.Count > 0 ? b.Histograms[0].Length : 1).ToList();
        // One grid, the first band at the top, each band's bins from bottom to top, a few empty (NaN) rows between bands; each band scaled to its own
        // maximum. Grid row 0 is drawn at the top; cell (r, c) is centred on (c, rows - 1 - r).
        var rows = bins.Sum() + gap * (bands.Count - 1);
        var grid = new double[rows, steps];
        for (var r = 0; r < rows; r++) for (var c = 0; c < steps; c++) grid[r, c] = double.NaN;
        var labels = new NumericManual();
        var row = 0;
        for (var b = 0; b < bands.Count; b++)
        {
            var (name, hists) = bands[b];
            var max = hists.Count == 0 ? 0 : hists.Max(h => h.Max(c => Math.Log(1 + c)));
            var bottom = rows - row - bins[b];
            for (var x = 0; x < hists.Count; x++)
                for (var bin = 0; bin < bins[b]; bin++)
                    grid[rows - 1 - (bottom + bin), x] = max <= 0 ? 0 : Math.Log(1 + hists[x][bin]) / max;
            labels.AddMajor(bottom + (bins[b] - 1) / 2.0, name);
            row += bins[b] + gap;
        }
        using var plot = new Plot();
        var font = PlotFont.FamilyForScottPlot;
        ScottPlotStyle.Apply(plot, font, "Activations per layer: value 0–10 (bottom to top) over training batches, colour log(1 + count)",
            "training batch", "");
        var map = plot.Add.Heatmap(grid);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.NaNCellColor = Colors.White;
        if (font is not null) plot.Axes.Left.TickGenerator = labels;
        plot.Axes.Margins(0, 0);
        plot.HideGrid();
        Persistence.AtomicFile.WriteAllBytes(path, ScottPlotStyle.Png(plot, 900, 50 + 130 * bands.Count));
    }
}
