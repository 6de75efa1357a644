using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed once over the whole pass from per-item rows: the predictions after prepare (probabilities, decoded labels) and the
/// targets, each item a row of float64 values (scikit-learn's view of a metric's inputs); gathered on the device, copied over when read.</summary>
internal sealed class RowsMetric(string name, Func<Tensor, Tensor> prepare, Func<double[][], double[][], double> func) : Metric, IDisposable
{
    private readonly List<Tensor> _preds = [];
    private readonly List<Tensor> _targs = [];

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override double Value => _preds.Count == 0 ? double.NaN : func(Rows(_preds), Rows(_targs));

    /// <inheritdoc />
    public override void Reset()
    {
        foreach (var t in _preds.Concat(_targs)) t.Dispose();
        _preds.Clear();
        _targs.Clear();
    }

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        var pred = prepare(learn.Pred!.detach().to_type(ScalarType.Float32));
        var targ = learn.Batch!.Y;
        _preds.Add(pred.reshape(pred.shape[0], -1).to_type(ScalarType.Float64).DetachFromDisposeScope());
        _targs.Add(targ.reshape(targ.shape[0], -1).to_type(ScalarType.Float64).DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose() => Reset();

    private static double[][] Rows(List<Tensor> parts)
    {
        using var all = cat(parts);
        using var cpu = all.cpu();
        var (n, k) = ((int)cpu.shape[0], (int)cpu.shape[1]);
        var flat = cpu.data<double>().ToArray();
        return [.. Enumerable.Range(0, n).Select(i => flat.AsSpan(i * k, k).ToArray())];
    }
}
