namespace FastDays.Metrics;

/// <summary>Scores of decoded labels and probabilities, computed as scikit-learn computes them (its metrics are the reference the tests compare with):
/// labels are whole numbers, the classes those present in the targets or the predictions unless said.</summary>
internal static class ClassificationScores
{
    /// <summary>The confusion matrix over the sorted classes present in either: rows true, columns predicted.</summary>
    public static (double[,] Matrix, double[] Classes) Confusion(double[] truth, double[] pred)
    {
        var classes = truth.Concat(pred).Distinct().Order().ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var m = new double[classes.Length, classes.Length];
        for (var i = 0; i < truth.Length; i++) m[index[truth[i]], index[pred[i]]]++;
        return (m, classes);
    }

    /// <summary>scikit-learn's matthews_corrcoef (the multi-class generalisation; 0 when a denominator is 0).</summary>
    public static double MatthewsCorrCoef(double[] truth, double[] pred)
    {
        var (c, _) = Confusion(truth, pred);
        var k = c.GetLength(0);
        double n = truth.Length, correct = 0;
        var (t, p) = (new double[k], new double[k]);
        for (var i = 0; i < k; i++)
        {
            correct += c[i, i];
            for (var j = 0; j < k; j++) { t[i] += c[i, j]; p[j] += c[i, j]; }
        }
        var tp = t.Zip(p, (a, b) => a * b).Sum();
        var (cov, covP, covT) = (correct * n - tp, n * n - p.Sum(v => v * v), n * n - t.Sum(v => v * v));
        return covP * covT == 0 ? 0 : cov / Math.Sqrt(covT * covP);
    }

    /// <summary>scikit-learn's balanced_accuracy_score: the mean recall of the classes that occur in the targets (adjusted: rescaled so chance is 0).</summary>
    public static double BalancedAccuracy(double[] truth, double[] pred, bool adjusted)
    {
        var (c, _) = Confusion(truth, pred);
        var recalls = new List<double>();
        for (var i = 0; i < c.GetLength(0); i++)
        {
            var support = Enumerable.Range(0, c.GetLength(1)).Sum(j => c[i, j]);
            if (support > 0) recalls.Add(c[i, i] / support);
        }
        var score = recalls.Average();
        return adjusted ? (score - 1.0 / recalls.Count) / (1 - 1.0 / recalls.Count) : score;
    }

    /// <summary>scikit-learn's cohen_kappa_score with weights none, linear or quadratic.</summary>
    public static double CohenKappa(double[] truth, double[] pred, string? weights)
    {
        var (c, _) = Confusion(truth, pred);
        var k = c.GetLength(0);
        var (rows, cols, total) = (new double[k], new double[k], 0.0);
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++) { rows[i] += c[i, j]; cols[j] += c[i, j]; total += c[i, j]; }
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
            {
                double w = weights switch
                {
                    null => i == j ? 0 : 1,
                    "linear" => Math.Abs(i - j),
                    "quadratic" => (i - j) * (i - j),
                    _ => throw new ArgumentException($"weights must be null, linear or quadratic, not '{weights}'", nameof(weights)),
                };
                observed += w * c[i, j];
                expected += w * rows[i] * cols[j] / total;
            }
        return 1 - observed / expected;
    }

    /// <summary>scikit-learn's fbeta_score for labels: binary (of posLabel), macro, micro or weighted over the classes present in either; a ratio
    /// with a zero denominator counts as 0.</summary>
    public static double FBeta(double[] truth, double[] pred, double beta, string average, double posLabel)
    {
        var (c, classes) = Confusion(truth, pred);
        var k = classes.Length;
        var (tp, predicted, actual) = (new double[k], new double[k], new double[k]);
        for (var i = 0; i < k; i++)
        {
            tp[i] = c[i, i];
            for (var j = 0; j < k; j++) { actual[i] += c[i, j]; predicted[j] += c[i, j]; }
        }
        double Score(double t, double p, double a) => Fbeta(Ratio(t, p), Ratio(t, a), beta);
        switch (average)
        {
            case "binary":
                var at = Array.IndexOf(classes, posLabel);
                return at < 0 ? 0 : Score(tp[at], predicted[at], actual[at]);
            case "micro":
                return Score(tp.Sum(), predicted.Sum(), actual.Sum());
            case "macro":
                return Enumerable.Range(0, k).Average(i => Score(tp[i], predicted[i], actual[i]));
            case "weighted":
                return Enumerable.Range(0, k).Sum(i => Score(tp[i], predicted[i], actual[i]) * actual[i]) / actual.Sum();
            default:
                throw new ArgumentException($"average must be binary, micro, macro or weighted, not '{average}'", nameof(average));
        }
    }

    /// <summary>Precision, recall or F1 (what) of multi-label 0/1 rows, averaged micro, macro, weighted or per sample, as scikit-learn's
    /// precision_score, recall_score and f1_score do.</summary>
    public static double MultiLabel(double[][] truth, double[][] pred, string what, string average)
    {
        var labels = truth[0].Length;
        double Score(double t, double p, double a) => what switch
        {
            "precision" => Ratio(t, p),
            "recall" => Ratio(t, a),
            _ => Fbeta(Ratio(t, p), Ratio(t, a), 1),
        };
        (double Tp, double Predicted, double Actual) Count(IEnumerable<(double T, double P)> cells)
        {
            double tp = 0, p = 0, a = 0;
            foreach (var (t, q) in cells) { tp += t * q; p += q; a += t; }
            return (tp, p, a);
        }
        var perLabel = Enumerable.Range(0, labels).Select(j => Count(truth.Zip(pred, (t, p) => (t[j], p[j])))).ToList();
        return average switch
        {
            "micro" => Count(truth.Zip(pred).SelectMany(r => r.First.Zip(r.Second))) is var m ? Score(m.Tp, m.Predicted, m.Actual) : 0,
            "macro" => perLabel.Average(c => Score(c.Tp, c.Predicted, c.Actual)),
            "weighted" => perLabel.Sum(c => Score(c.Tp, c.Predicted, c.Actual) * c.Actual) / perLabel.Sum(c => c.Actual),
            "samples" => truth.Zip(pred).Average(r => Count(r.First.Zip(r.Second)) is var s ? Score(s.Tp, s.Predicted, s.Actual) : 0),
            _ => throw new ArgumentException($"average must be micro, macro, weighted or samples, not '{average}'", nameof(average)),
        };
    }

    /// <summary>The area under the ROC curve of scores for 0/1 labels: the Mann–Whitney statistic with ties counted half, what scikit-learn's
    /// trapezoidal roc_auc_score gives; NaN when only one class occurs.</summary>
    public static double RocAuc(double[] truth, double[] score)
    {
        var order = Enumerable.Range(0, score.Length).OrderBy(i => score[i]).ToArray();
        var ranks = new double[score.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && score[order[j + 1]] == score[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;   // ties share their average rank
            i = j + 1;
        }
        var positives = truth.Count(t => t == 1);
        var negatives = truth.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var rankSum = truth.Select((t, i) => t == 1 ? ranks[i] : 0).Sum();
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>scikit-learn's one-vs-rest roc_auc_score of class probabilities (rows) for labels, averaged macro or weighted (by prevalence).</summary>
    public static double RocAucOneVsRest(double[] truth, double[][] probs, string average)
    {
        var classes = probs[0].Length;
        var aucs = Enumerable.Range(0, classes)
            .Select(c => (Auc: RocAuc([.. truth.Select(t => t == c ? 1.0 : 0)], [.. probs.Select(p => p[c])]), Support: truth.Count(t => t == c)))
            .ToList();
        return average switch
        {
            "macro" => aucs.Average(a => a.Auc),
            "weighted" => aucs.Sum(a => a.Auc * a.Support) / truth.Length,
            _ => throw new ArgumentException($"average must be macro or weighted, not '{average}'", nameof(average)),
        };
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    private static double Fbeta(double precision, double recall, double beta) =>
        precision + recall == 0 ? 0 : (1 + beta * beta) * precision * recall / (beta * beta * precision + recall);
}
