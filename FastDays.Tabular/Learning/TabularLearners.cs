using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using FastDays.Tabular.Data;
using FastDays.Tabular.Models;
using static TorchSharp.torch;

namespace FastDays.Tabular.Learning;

/// <summary>fastai's tabular_learner: a TabularModel sized from the loaders' processing, cross-entropy for classes or MSE for regression.</summary>
public static class TabularLearners
{
    /// <summary>Builds the learner: layers are the hidden sizes (fastai's [200, 100] by default), embSzs overrides the size rule per column,
    /// yRange bounds regression outputs with a scaled sigmoid.</summary>
    /// <param name="dls">The loaders and their fitted processing.</param>
    /// <param name="layers">Hidden layer sizes.</param>
    /// <param name="metrics">Metrics reported per epoch.</param>
    /// <param name="embSzs">Embedding sizes by column name, where the rule should not decide.</param>
    /// <param name="ps">Dropout probability per hidden layer.</param>
    /// <param name="embP">Dropout on the embeddings.</param>
    /// <param name="yRange">Regression outputs squashed into (low, high).</param>
    /// <param name="optFunc">Makes the optimizer (fastai's Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="path">Where models/ and exports go.</param>
    /// <param name="device">The device (CPU when null).</param>
    public static Learner TabularLearner(TabularDataLoaders dls, IReadOnlyList<int>? layers = null, IEnumerable<Metric>? metrics = null,
        IReadOnlyDictionary<string, int>? embSzs = null, IReadOnlyList<double>? ps = null, double embP = 0, (double Low, double High)? yRange = null,
        OptimizerFactory? optFunc = null, double lr = 1e-3, string path = ".", Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var procs = dls.Procs;
        layers ??= [200, 100];
        var sizes =
            procs.ModelCatNames.Zip(procs.Cardinalities, (name, n) => (n, embSzs?.GetValueOrDefault(name) is > 0 and var s ? s : TabularModel.EmbSzRule(n)))
            .ToList();
        var outSz = procs.IsRegression ? 1 : procs.YVocab!.Count;
        var spec = TabularModel.Spec(sizes, procs.ContNames.Count, outSz, layers, ps, embP, procs.IsRegression ? yRange : null);
        var model = new TabularModel(sizes, procs.ContNames.Count, outSz, layers, ps, embP, procs.IsRegression ? yRange : null);
        LossFunction loss = procs.IsRegression ? new MseLossFlat() : new CrossEntropyLossFlat();
        return new Learner(dls.Dls, model, loss, optFunc, lr, metrics: metrics, path: path, device: device) { Spec = spec };
    }

    /// <summary>Exports the learner with its tabular processing (vocabularies, medians, means and standard deviations) in one file.</summary>
    public static string ExportTabular(this Learner learn, TabularProcessor procs, string fname = "export.fastdays")
    {
        ArgumentNullException.ThrowIfNull(procs);
        return learn.Export(fname, new Dictionary<string, string> { [TabularInference.EntryName] = procs.ToJson() });
    }
}
