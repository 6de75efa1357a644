using FastDays.Data;
using System.Text;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Plotting;
using static TorchSharp.torch;

namespace FastDays.Interpret;

/// <summary>fastai's ClassificationInterpretation: per-item predictions and losses of a loader, the confusion matrix, the most confused pairs and the
/// top losses.</summary>
public sealed class ClassificationInterpretation
{
    private ClassificationInterpretation(IReadOnlyList<string> vocab, float[,] probs, long[] targets, double[] losses, TfmdDL dl)
    {
        (Vocab, Probs, Targets, Losses, Dl) = (vocab, probs, targets, losses, dl);
        Decoded = [.. Enumerable.Range(0, targets.Length).Select(i => (long)Enumerable.Range(0, probs.GetLength(1)).MaxBy(c => probs[i, c]))];
    }

    /// <summary>The class names.</summary>
    public IReadOnlyList<string> Vocab { get; }

    /// <summary>The activated predictions, items × classes.</summary>
    public float[,] Probs { get; }

    /// <summary>The target class of each item.</summary>
    public long[] Targets { get; }

    /// <summary>The predicted class (argmax) of each item.</summary>
    public long[] Decoded { get; }

    /// <summary>The loss of each item.</summary>
    public double[] Losses { get; }

    /// <summary>The loader the items come from (in order, so an item index is a dataset index).</summary>
    public TfmdDL Dl { get; }

    /// <summary>Gathers predictions, targets and per-item losses of dl (the validation loader by default).</summary>
    public static ClassificationInterpretation FromLearner(Learner learn, TfmdDL? dl = null)
    {
        dl ??= learn.Dls.Valid;
        if (dl.Options.Shuffle) throw new ArgumentException("interpretation needs a loader in dataset order (Shuffle off)", nameof(dl));
        var (raw, targets) = learn.GetPreds(dl, raw: true);
        using (raw)
        using (targets)
        using (var scope = NewDisposeScope())
        {
            if (raw.dim() != 2) throw new ArgumentException($"classification interpretation needs outputs (items, classes), got {Formats.Shape(raw)}");
            var t = targets.to_type(ScalarType.Int64);
            var losses = learn.LossFunc is CrossEntropyLossFlat
                ? nn.functional.cross_entropy(raw, t, reduction: nn.Reduction.None)
                : stack([.. Enumerable.Range(0, (int)raw.shape[0]).Select(i => learn.LossFunc.Forward(raw[i..(i + 1)], t[i..(i + 1)]))]);
            var probs = learn.LossFunc.Activation(raw).to_type(ScalarType.Float32).contiguous();
            var (n, c) = ((int)probs.shape[0], (int)probs.shape[1]);
            var flat = probs.data<float>().ToArray();
            var grid = new float[n, c];
            Buffer.BlockCopy(flat, 0, grid, 0, flat.Length * sizeof(float));
            var vocab = learn.Dls.Vocab.Count == c ? learn.Dls.Vocab
                : [.. Enumerable.Range(0, c).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            return new(vocab, grid, t.data<long>().ToArray(), losses.to_type(ScalarType.Float64).data<double>().ToArray(), dl);
        }
    }

    /// <summary>Counts of (actual row, predicted column).</summary>
    public long[,] ConfusionMatrix()
    {
        var m = new long[Vocab.Count, Vocab.Count];
        for (var i = 0; i < Targets.Length; i++) m[Targets[i], Decoded[i]]++;
        return m;
    }

    /// <summary>The confusion matrix as an aligned text table, actual classes in rows.</summary>
    public string ConfusionMatrixText()
    {
        var m = ConfusionMatrix();
        var w = Math.Max(6, Vocab.Max(v => v.Length) + 1);
        var sb = new StringBuilder();
        sb.Append("actual \\ predicted".PadRight(w + 2));
        foreach (var v in Vocab) sb.Append(v.PadLeft(w));
        sb.AppendLine();
        for (var r = 0; r < Vocab.Count; r++)
        {
            sb.Append(Vocab[r].PadRight(w + 2));
            for (var c = 0; c < Vocab.Count; c++) sb.Append(m[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>The off-diagonal (actual, predicted, count) pairs seen at least minVal times, most frequent first.</summary>
    public IReadOnlyList<(string Actual, string Predicted, long Count)> MostConfused(long minVal = 1)
    {
        var m = ConfusionMatrix();
        var pairs = new List<(string, string, long)>();
        for (var r = 0; r < Vocab.Count; r++)
            for (var c = 0; c < Vocab.Count; c++)
                if (r != c && m[r, c] >= minVal) pairs.Add((Vocab[r], Vocab[c], m[r, c]));
        return [.. pairs.OrderByDescending(p => p.Item3).ThenBy(p => p.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The k items with the highest loss: (item index, loss), highest first.</summary>
    public IReadOnlyList<(int Index, double Loss)> TopLosses(int k) =>
        [.. Losses.Select((l, i) => (i, l)).OrderByDescending(p => p.l).Take(k)];

    /// <summary>Writes the confusion matrix as a PNG heat map (counts in the cells, class names on the axes when a font exists); returns the file.</summary>
    public string PlotConfusionMatrix(string path, int cell = 56)
    {
        var m = ConfusionMatrix();
        var n = Vocab.Count;
        var max = Math.Max(1, m.Cast<long>().Max());
        using var plot = new ScottPlot.Plot();
        var font = PlotFont.FamilyForScottPlot;
        ScottPlotStyle.Apply(plot, font, "Confusion matrix", "predicted", "actual");
        var counts = new double[n, n];
        for (var r = 0; r < n; r++) for (var c = 0; c < n; c++) counts[r, c] = m[r, c];
        // Cell (r, c) is centred on (c, n - 1 - r): the first actual class at the top, light for few items, dark for many.
        plot.Add.Heatmap(counts).Colormap = ScottPlot.IColormapExtensions.Reversed(new ScottPlot.Colormaps.Blues());
        if (font is not null)
        {
            var xTicks = new ScottPlot.TickGenerators.NumericManual();
            var yTicks = new ScottPlot.TickGenerators.NumericManual();
            for (var i = 0; i < n; i++)
            {
                xTicks.AddMajor(i, Vocab[i]);
                yTicks.AddMajor(n - 1 - i, Vocab[i]);
                for (var c = 0; c < n; c++)
                {
                    var text = plot.Add.Text(m[i, c].ToString(System.Globalization.CultureInfo.InvariantCulture), c, n - 1 - i);
                    text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                    text.LabelFontColor = m[i, c] * 2 > max ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
                }
            }
            plot.Axes.Bottom.TickGenerator = xTicks;
            plot.Axes.Left.TickGenerator = yTicks;
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 110;   // room for the rotated class names
        }
        plot.Axes.Margins(0, 0);
        plot.HideGrid();
        Persistence.AtomicFile.WriteAllBytes(path, ScottPlotStyle.Png(plot, 160 + n * cell, 160 + n * cell));
        return path;
    }
}
