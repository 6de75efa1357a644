using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric accumulated over the batches of a pass and read as a plain number at its end; the factories mirror fastai's metrics.</summary>
public abstract class Metric
{
    /// <summary>The column name, such as accuracy.</summary>
    public abstract string Name { get; }

    /// <summary>The value over what was accumulated since the last Reset.</summary>
    public abstract double Value { get; }

    /// <summary>Clears the accumulated state.</summary>
    public abstract void Reset();

    /// <summary>Adds the learner's current batch (Pred and Batch.Y).</summary>
    public abstract void Accumulate(Learner learn);

    /// <summary>Fraction of argmax predictions equal to the target.</summary>
    public static Metric Accuracy() => new AvgMetric("accuracy", (p, t) => p.argmax(-1).eq(t).to_type(ScalarType.Float64).mean());

    /// <summary>One minus accuracy.</summary>
    public static Metric ErrorRate() => new AvgMetric("error_rate", (p, t) => p.argmax(-1).ne(t).to_type(ScalarType.Float64).mean());

    /// <summary>Fraction of targets among the k highest predictions.</summary>
    public static Metric TopKAccuracy(int k = 5) => new AvgMetric("top_k_accuracy", (p, t) =>
        p.topk(k, dim: -1).indexes.eq(t.unsqueeze(-1)).any(-1).to_type(ScalarType.Float64).mean());

    /// <summary>Precision averaged over classes (macro), from argmax predictions over the whole pass.</summary>
    public static Metric Precision() => ClassMetric("precision", (tp, fp, fn) => tp + fp == 0 ? 0 : tp / (tp + fp));

    /// <summary>Recall averaged over classes (macro), from argmax predictions over the whole pass.</summary>
    public static Metric Recall() => ClassMetric("recall", (tp, fp, fn) => tp + fn == 0 ? 0 : tp / (tp + fn));

    /// <summary>F1 score averaged over classes (macro), from argmax predictions over the whole pass.</summary>
    public static Metric F1Score() => ClassMetric("f1_score", (tp, fp, fn) => 2 * tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn));

    /// <summary>Mean squared error.</summary>
    public static Metric Mse() => new AvgMetric("mse", (p, t) =>
    {
        var d = p.reshape(-1) - t.reshape(-1).to_type(p.dtype);
        return d.mul(d).mean();
    });

    /// <summary>Root of the mean squared error over the whole pass.</summary>
    public static Metric Rmse() => new AccumMetric("_rmse", false, (p, t) => Math.Sqrt(p.Zip(t, (a, b) => (a - b) * (a - b)).Average()));

    /// <summary>The coefficient of determination R² (1 − residual sum of squares / total sum of squares) over the whole pass.</summary>
    public static Metric R2Score() => new AccumMetric("r2_score", false, (p, t) =>
    {
        var mean = t.Average();
        var total = t.Sum(v => (v - mean) * (v - mean));
        return total == 0 ? double.NaN : 1 - p.Zip(t, (a, b) => (a - b) * (a - b)).Sum() / total;
    });

    /// <summary>Mean absolute error.</summary>
    public static Metric Mae() => new AvgMetric("mae", (p, t) => (p.reshape(-1) - t.reshape(-1).to_type(p.dtype)).abs().mean());

    private static AccumMetric ClassMetric(string name, Func<double, double, double, double> perClass) => new AccumMetric(name, true, (p, t) =>
    {
        var classes = p.Concat(t).Distinct().ToList();
        return classes.Average(c =>
        {
            double tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < p.Length; i++)
            {
                if (p[i] == c && t[i] == c) tp++;
                else if (p[i] == c) fp++;
                else if (t[i] == c) fn++;
            }
            return perClass(tp, fp, fn);
        });
    });
}
