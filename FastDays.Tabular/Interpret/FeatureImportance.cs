using System.Globalization;
using FastDays.Learning;
using FastDays.Plotting;
using FastDays.Tabular.Data;
using static TorchSharp.torch;

namespace FastDays.Tabular.Interpret;

/// <summary>Permutation feature importance: how much the validation loss grows when one column's values are shuffled across the rows.</summary>
public static class FeatureImportance
{
    /// <summary>Each model column's importance (shuffled loss minus the loss as is), largest first; the shuffles are drawn from seed.</summary>
    public static IReadOnlyList<(string Column, double Importance)> Permutation(Learner learn, TabularDataLoaders dls, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(dls);
        var (x, y) = dls.Procs.Process(dls.Valid);
        using var scope = NewDisposeScope();
        scope.Attach([x, y!]);
        using var noGrad = no_grad();
        learn.Model.eval();
        var (xs, ys) = (x.to(learn.Device), y!.to(learn.Device));
        double Loss(Tensor input) => learn.LossFunc.Forward(learn.Model.forward(input), ys).to_type(ScalarType.Float64).item<double>();
        var baseline = Loss(xs);
        var names = dls.Procs.ModelCatNames.Concat(dls.Procs.ContNames).ToList();
        var random = new Random(seed);
        var result = new List<(string, double)>();
        for (var j = 0; j < names.Count; j++)
        {
            using var inner = NewDisposeScope();
            var order = Enumerable.Range(0, (int)xs.shape[0]).Select(i => (long)i).ToArray();
            random.Shuffle(order);
            var shuffled = xs.clone();
            shuffled.select(1, j).copy_(xs.select(1, j).index_select(0, tensor(order, device: learn.Device)));
            result.Add((names[j], Loss(shuffled) - baseline));
        }
        return [.. result.OrderByDescending(r => r.Item2)];
    }

    /// <summary>The importances as a text table, one column per line.</summary>
    public static string Text(IReadOnlyList<(string Column, double Importance)> importances) =>
        string.Join('\n', (importances ?? []).Select(i => $"{i.Column,-28} {i.Importance.ToString("F4", CultureInfo.InvariantCulture),10}"));

    /// <summary>Writes the importances as a horizontal bar chart (PNG) and returns the file.</summary>
    public static string Plot(IReadOnlyList<(string Column, double Importance)> importances, string path)
    {
        ArgumentNullException.ThrowIfNull(importances);
        var plot = new BarPlot { Title = "Permutation feature importance", XLabel = "increase of the validation loss when the column is shuffled" };
        foreach (var (column, importance) in importances) plot.Add(column, importance);
        plot.Save(path);
        return path;
    }
}
