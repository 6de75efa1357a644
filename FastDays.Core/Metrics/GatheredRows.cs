using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>The predictions and targets a whole-pass metric gathers batch by batch, as float64 rows on the device (each item a row), copied to the host
/// once when the metric is read.</summary>
internal sealed class GatheredRows : IDisposable
{
    private readonly List<Tensor> _preds = [];
    private readonly List<Tensor> _targs = [];

    /// <summary>Whether nothing has been gathered since the last Clear.</summary>
    public bool IsEmpty => _preds.Count == 0;

    /// <summary>Keeps a batch's predictions and targets as (items, values) float64 rows, detached from the dispose scope under way.</summary>
    public void Add(Tensor pred, Tensor targ)
    {
        using var scope = NewDisposeScope();
        _preds.Add(pred.reshape(pred.shape[0], -1).to_type(ScalarType.Float64).DetachFromDisposeScope());
        _targs.Add(targ.reshape(targ.shape[0], -1).to_type(ScalarType.Float64).DetachFromDisposeScope());
    }

    /// <summary>The gathered predictions and targets, one array per item.</summary>
    public (double[][] Preds, double[][] Targs) Rows() => (Rows(_preds), Rows(_targs));

    /// <summary>Frees what was gathered.</summary>
    public void Clear()
    {
        foreach (var t in _preds.Concat(_targs)) t.Dispose();
        _preds.Clear();
        _targs.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => Clear();

    private static double[][] Rows(List<Tensor> parts)
    {
        using var all = cat(parts);
        using var cpu = all.cpu();
        var (n, k) = ((int)cpu.shape[0], (int)cpu.shape[1]);
        var flat = cpu.data<double>().ToArray();
        return [.. Enumerable.Range(0, n).Select(i => flat.AsSpan(i * k, k).ToArray())];
    }
}
