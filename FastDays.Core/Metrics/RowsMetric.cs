using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed once over the whole pass from per-item rows: the predictions after prepare (probabilities, decoded labels) and the
/// targets, each item a row of float64 values (scikit-learn's view of a metric's inputs); gathered on the device, copied over when read.</summary>
internal sealed class RowsMetric(string name, Func<Tensor, Tensor> prepare, Func<double[][], double[][], double> func) : Metric, IDisposable
{
    private readonly GatheredRows _rows = new();

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override double Value
    {
        get
        {
            if (_rows.IsEmpty) return double.NaN;
            var (preds, targs) = _rows.Rows();
            return func(preds, targs);
        }
    }

    /// <inheritdoc />
    public override void Reset() => _rows.Clear();

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        _rows.Add(prepare(learn.Pred!.detach().to_type(ScalarType.Float32)), learn.Batch!.Y);
    }

    /// <inheritdoc />
    public void Dispose() => _rows.Dispose();
}
