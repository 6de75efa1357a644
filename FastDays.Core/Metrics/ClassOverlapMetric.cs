using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>fastai's DiceMulti (and its Jaccard twin) for segmentation: per class c, the pixels predicted c, labelled c and both, counted over the
/// whole pass with predictions argmax-decoded along axis 1; a class's Dice is 2·both / (predicted + labelled), its Jaccard both / (predicted +
/// labelled − both), and Value is their mean over the classes that occur. Pixels labelled with the ignored code count for nothing.</summary>
public sealed class ClassOverlapMetric : Metric, IDisposable
{
    private readonly bool _jaccard;
    private readonly long _ignoreIndex;
    private Tensor? _counts;   // (3, classes) float64: predicted, labelled, both

    /// <summary>Dice (or Jaccard) per class and their mean, ignoring pixels labelled ignoreIndex (-100: none).</summary>
    public ClassOverlapMetric(bool jaccard = false, long ignoreIndex = -100) => (_jaccard, _ignoreIndex) = (jaccard, ignoreIndex);

    /// <inheritdoc />
    public override string Name => _jaccard ? "jaccard_multi" : "dice_multi";

    /// <summary>Each class's Dice (or Jaccard) over the pass; NaN for a class neither predicted nor labelled.</summary>
    public IReadOnlyList<double> PerClass
    {
        get
        {
            if (_counts is null) return [];
            var c = _counts.cpu().data<double>().ToArray();
            var n = c.Length / 3;
            return [.. Enumerable.Range(0, n).Select(k =>
            {
                var (predicted, labelled, both) = (c[k], c[n + k], c[2 * n + k]);
                var denominator = _jaccard ? predicted + labelled - both : predicted + labelled;
                return denominator == 0 ? double.NaN : (_jaccard ? both : 2 * both) / denominator;
            })];
        }
    }

    /// <inheritdoc />
    public override double Value => PerClass.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();

    /// <inheritdoc />
    public override void Reset()
    {
        _counts?.Dispose();
        _counts = null;
    }

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        ArgumentNullException.ThrowIfNull(learn);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var output = learn.Pred!.detach();
        var classes = output.shape[1];
        var (pred, targ) = (output.argmax(1).reshape(-1), learn.Batch!.Y.reshape(-1));
        if (pred.shape[0] != targ.shape[0])
            throw new ArgumentException($"{Name} needs a target per pixel: predictions decode to {pred.shape[0]} values, targets have {targ.shape[0]}");
        var kept = targ.ne(scalars.Of(_ignoreIndex));
        (pred, targ) = (pred.masked_select(kept), targ.masked_select(kept));
        var labelled = targ.bincount(null, classes);
        if (labelled.shape[0] != classes)
            throw new ArgumentException($"{Name}: a target code is ≥ the {classes} classes of the outputs {Formats.Shape(output)}");
        var both = targ.masked_select(pred.eq(targ)).bincount(null, classes);
        var counts = stack([pred.bincount(null, classes), labelled, both]).to_type(ScalarType.Float64);
        if (_counts is null) _counts = counts.DetachFromDisposeScope();
        else _counts.add_(counts, ScalarScope.One);
    }

    /// <inheritdoc />
    public void Dispose() => Reset();
}
