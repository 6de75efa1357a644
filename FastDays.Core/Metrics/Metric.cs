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

    /// <summary>fastai's RocAuc: one-vs-rest area under the ROC curve of the softmax probabilities, averaged macro or weighted.</summary>
    public static Metric RocAuc(string average = "macro") =>
        new RowsMetric("roc_auc_score", p => p.softmax(-1), (p, t) => ClassificationScores.RocAucOneVsRest(Labels(t), p, average));

    /// <summary>fastai's RocAucBinary: the area under the ROC curve of the positive class's probability (softmax of two outputs, or sigmoid of one).
    /// </summary>
    public static Metric RocAucBinary() => new RowsMetric("roc_auc_score",
        p => p.dim() == 2 && p.shape[1] == 2 ? p.softmax(-1)[.., 1] : p.sigmoid(), (p, t) => ClassificationScores.RocAuc(Labels(t), Labels(p)));

    /// <summary>fastai's MatthewsCorrCoef (scikit-learn's multi-class generalisation) of argmax predictions.</summary>
    public static Metric MatthewsCorrCoef() =>
        new RowsMetric("matthews_corrcoef", Argmax, (p, t) => ClassificationScores.MatthewsCorrCoef(Labels(t), Labels(p)));

    /// <summary>fastai's FBeta of argmax predictions: average binary (of posLabel), micro, macro or weighted.</summary>
    public static Metric FBeta(double beta, string average = "binary", int posLabel = 1) =>
        new RowsMetric("fbeta_score", Argmax, (p, t) => ClassificationScores.FBeta(Labels(t), Labels(p), beta, average, posLabel));

    /// <summary>fastai's BalancedAccuracy: the mean recall of the classes present (adjusted: chance rescaled to 0).</summary>
    public static Metric BalancedAccuracy(bool adjusted = false) =>
        new RowsMetric("balanced_accuracy_score", Argmax, (p, t) => ClassificationScores.BalancedAccuracy(Labels(t), Labels(p), adjusted));

    /// <summary>fastai's CohenKappa of argmax predictions, with weights null, "linear" or "quadratic".</summary>
    public static Metric CohenKappa(string? weights = null) =>
        new RowsMetric("cohen_kappa_score", Argmax, (p, t) => ClassificationScores.CohenKappa(Labels(t), Labels(p), weights));

    /// <summary>fastai's accuracy_multi for multi-label targets: the share of (item, label) pairs where the thresholded prediction matches.</summary>
    public static Metric AccuracyMulti(double thresh = 0.5, bool sigmoid = true) => new AvgMetric("accuracy_multi", (p, t) =>
    {
        using var s = new ScalarScope();
        return (sigmoid ? p.sigmoid() : p).gt(s.Of(thresh)).eq(t.to_type(ScalarType.Bool)).to_type(ScalarType.Float64).mean();
    });

    /// <summary>fastai's PrecisionMulti of thresholded multi-label predictions, averaged micro, macro, weighted or samples.</summary>
    public static Metric PrecisionMulti(double thresh = 0.5, bool sigmoid = true, string average = "micro") =>
        MultiLabel("precision_multi", "precision", thresh, sigmoid, average);

    /// <summary>fastai's RecallMulti of thresholded multi-label predictions, averaged micro, macro, weighted or samples.</summary>
    public static Metric RecallMulti(double thresh = 0.5, bool sigmoid = true, string average = "micro") =>
        MultiLabel("recall_multi", "recall", thresh, sigmoid, average);

    /// <summary>fastai's F1ScoreMulti of thresholded multi-label predictions, averaged micro, macro, weighted or samples.</summary>
    public static Metric F1ScoreMulti(double thresh = 0.5, bool sigmoid = true, string average = "micro") =>
        MultiLabel("f1_score_multi", "f1", thresh, sigmoid, average);

    /// <summary>fastai's Dice of binary segmentation: 2·|pred ∩ target| / (|pred| + |target|) over the pass, predictions argmax along axis 1.</summary>
    public static Metric Dice() => new OverlapMetric(jaccard: false);

    /// <summary>fastai's JaccardCoeff of binary segmentation: |pred ∩ target| / |pred ∪ target| over the pass.</summary>
    public static Metric JaccardCoeff() => new OverlapMetric(jaccard: true);

    /// <summary>fastai's DiceMulti: each class's Dice over the pass and their mean (see ClassOverlapMetric.PerClass), ignoring one code (a void).
    /// </summary>
    public static Metric DiceMulti(long ignoreIndex = -100) => new ClassOverlapMetric(jaccard: false, ignoreIndex);

    /// <summary>Each class's Jaccard index (intersection over union) over the pass and their mean, ignoring one code (a void).</summary>
    public static Metric JaccardMulti(long ignoreIndex = -100) => new ClassOverlapMetric(jaccard: true, ignoreIndex);

    /// <summary>fastai's foreground_acc: pixel accuracy over the pixels labelled neither background (bkgIdx) nor void (voidCode, when given).</summary>
    public static Metric ForegroundAcc(long bkgIdx = 0, long? voidCode = null) => new ForegroundAccuracy(bkgIdx, voidCode);

    /// <summary>fastai's Perplexity: exp of the average loss, for language models.</summary>
    public static Metric Perplexity() => new Perplexity();

    private static Tensor Argmax(Tensor p) => p.argmax(-1);

    private static double[] Labels(double[][] rows) => [.. rows.Select(r => r[0])];

    private static RowsMetric MultiLabel(string name, string what, double thresh, bool sigmoid, string average) => new(name, p =>
    {
        using var s = new ScalarScope();
        return (sigmoid ? p.sigmoid() : p).gt(s.Of(thresh));
    }, (p, t) => ClassificationScores.MultiLabel(t, p, what, average));

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
