using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed once over the predictions and targets of the whole pass (argmax-decoded when dimArgmax), gathered on the device and
/// copied over when read.</summary>
public sealed class AccumMetric(string name, bool dimArgmax, Func<double[], double[], double> func) : Metric, IDisposable
{
    private readonly List<Tensor> _preds = [];
    private readonly List<Tensor> _targs = [];

    /// <inheritdoc />
    public override string Name => name.TrimStart('_');

    /// <inheritdoc />
    public override double Value => _preds.Count == 0 ? double.NaN : func(Gather(_preds), Gather(_targs));

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
        var pred = learn.Pred!.detach();
        if (dimArgmax) pred = pred.argmax(-1);
        _preds.Add(pred.reshape(-1).to_type(ScalarType.Float64).DetachFromDisposeScope());
        _targs.Add(learn.Batch!.Y.reshape(-1).to_type(ScalarType.Float64).DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose() => Reset();

    private static double[] Gather(List<Tensor> parts)
    {
        using var all = cat(parts);
        using var cpu = all.cpu();
        return cpu.data<double>().ToArray();
    }
}
