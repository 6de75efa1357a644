using FastDays.Tabular.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FastDays.Trees;

/// <summary>A tree ensemble trained by ML.NET on a table processed as the tabular learner's (categorical codes, continuous values): it predicts a
/// table's rows and says how much each column's splits reduced the error.</summary>
public sealed class TabularForest
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly float[] _gains;
    private readonly ForestEmbeddings? _embeddings;
    private readonly int[] _columnOfFeature;

    internal TabularForest(MLContext ml, ITransformer model, TabularProcessor procs, IReadOnlyList<string> names, float[] gains, bool binary,
        ForestEmbeddings? embeddings = null)
    {
        (_ml, _model, Procs, Names, _gains, IsBinary, _embeddings) = (ml, model, procs, names, gains, binary, embeddings);
        _columnOfFeature = embeddings?.ColumnOfFeature(procs.ContNames.Count) ?? [.. Enumerable.Range(0, names.Count)];
    }

    /// <summary>The processing that turns a table into the forest's inputs.</summary>
    public TabularProcessor Procs { get; }

    /// <summary>The input columns, in the order the forest reads them (a categorical column read as its learned vector counts once).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the forest classifies into two classes (else it regresses).</summary>
    public bool IsBinary { get; }

    /// <summary>Each row's prediction: the regressed value, or the class index (0 or 1).</summary>
    public float[] Predict(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (x, _) = ForestData.Inputs(Procs, table, withTargets: false, _embeddings);
        var scored = _model.Transform(ForestData.View(_ml, x, new float[x.Length], IsBinary, _columnOfFeature.Length));
        return IsBinary ? [.. scored.GetColumn<bool>("PredictedLabel").Select(b => b ? 1f : 0f)] : [.. scored.GetColumn<float>("Score")];
    }

    /// <summary>The root mean squared error (regression) or the accuracy (classification) on a table with the target column.</summary>
    public (string Metric, double Value) Evaluate(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (_, y) = ForestData.Inputs(Procs, table, withTargets: true);
        var predictions = Predict(table);
        return IsBinary ? ("accuracy", predictions.Zip(y!).Average(p => p.First == p.Second ? 1.0 : 0.0))
            : ("rmse", Math.Sqrt(predictions.Zip(y!).Average(p => (p.First - p.Second) * (double)(p.First - p.Second))));
    }

    /// <summary>Each column's share of the error reduction of all splits (ML.NET's gain-based importance, as scikit-learn's
    /// feature_importances_; a learned vector's components summed into its column), largest first; the shares sum to 1.</summary>
    public IReadOnlyList<(string Name, double Importance)> FeatureImportance()
    {
        var byColumn = new double[Names.Count];
        for (var f = 0; f < _gains.Length; f++) byColumn[_columnOfFeature[f]] += _gains[f];
        var total = byColumn.Sum();
        return [.. Names.Select((n, i) => (n, total > 0 ? byColumn[i] / total : 0)).OrderByDescending(p => p.Item2).ThenBy(p => p.n, StringComparer.Ordinal)];
    }
}
