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

    internal TabularForest(MLContext ml, ITransformer model, TabularProcessor procs, IReadOnlyList<string> names, float[] gains, bool binary)
    {
        (_ml, _model, Procs, Names, _gains, IsBinary) = (ml, model, procs, names, gains, binary);
    }

    /// <summary>The processing that turns a table into the forest's inputs.</summary>
    public TabularProcessor Procs { get; }

    /// <summary>The input columns, in the order the forest reads them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the forest classifies into two classes (else it regresses).</summary>
    public bool IsBinary { get; }

    /// <summary>Each row's prediction: the regressed value, or the class index (0 or 1).</summary>
    public float[] Predict(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (x, _) = ForestData.Inputs(Procs, table, withTargets: false);
        var scored = _model.Transform(ForestData.View(_ml, x, new float[x.Length], IsBinary, Names.Count));
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
    /// feature_importances_), largest first; the shares sum to 1.</summary>
    public IReadOnlyList<(string Name, double Importance)> FeatureImportance()
    {
        var total = _gains.Sum(g => (double)g);
        return [.. Names.Select((n, i) => (n, total > 0 ? _gains[i] / total : 0)).OrderByDescending(p => p.Item2).ThenBy(p => p.n, StringComparer.Ordinal)];
    }
}
