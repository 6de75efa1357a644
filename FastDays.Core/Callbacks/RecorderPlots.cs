using FastDays.Learning;
using FastDays.Plotting;

namespace FastDays.Callbacks;

/// <summary>fastai's Recorder plots, written as PNG: plot_loss, plot_sched and plot_lr_find.</summary>
public static class RecorderPlots
{
    /// <summary>The smoothed training loss per batch and the validation loss at each epoch's end; returns the file.</summary>
    public static string PlotLoss(this Recorder recorder, string path, int skipStart = 5)
    {
        var plot = new LinePlot { Title = "Loss", XLabel = "batch", YLabel = "loss" };
        plot.Add("train", recorder.Losses.Select((l, i) => ((double)i, l)).Skip(skipStart).Where(p => double.IsFinite(p.l)));
        var valid = recorder.Iters.Zip(recorder.Values, (it, v) => ((double)it - 1, v[1])).Where(p => double.IsFinite(p.Item2)).ToList();
        if (valid.Count > 0) plot.Add("valid", valid);
        plot.Save(path);
        return path;
    }

    /// <summary>The learning rate and momentum at every training batch, as two charts side by side in one PNG pair (path and path-mom); returns the
    /// files.</summary>
    public static IReadOnlyList<string> PlotSched(this Recorder recorder, string path)
    {
        var lrPlot = new LinePlot { Title = "Learning rate", XLabel = "batch", YLabel = "lr" }.Add("lr", recorder.Lrs);
        lrPlot.Save(path);
        if (recorder.Moms.All(double.IsNaN)) return [path];
        var momPath = Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + "-mom" + Path.GetExtension(path));
        new LinePlot { Title = "Momentum", XLabel = "batch", YLabel = "mom" }.Add("mom", recorder.Moms).Save(momPath);
        return [path, momPath];
    }

    /// <summary>Loss against learning rate (log scale) from the last LrFind, with a vertical marker per suggestion; returns the file.</summary>
    public static string PlotLrFind(this Recorder recorder, string path, SuggestedLrs? suggestions = null, int skipEnd = 5)
    {
        var n = Math.Max(0, recorder.Lrs.Count - skipEnd);
        var points = recorder.Lrs.Take(n).Zip(recorder.Losses.Take(n)).Where(p => double.IsFinite(p.Second)).ToList();
        if (points.Count == 0) throw new InvalidOperationException("no LrFind results to plot; run LrFind first");
        var plot = new LinePlot { Title = "Learning rate finder", XLabel = "learning rate", YLabel = "loss", LogX = true };
        plot.Add("loss", points.Select(p => (p.First, p.Second)));
        var (lo, hi) = (points.Min(p => p.Second), points.Max(p => p.Second));
        foreach (var (method, (lr, _)) in suggestions?.Points ?? new Dictionary<SuggestionMethod, (double, double)>())
            plot.Add($"{SuggestionMethods.Name(method)} {suggestions![method]:E1}", [(lr, lo), (lr, hi)]);
        plot.Save(path);
        return path;
    }
}
