using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed once over the predictions and targets of the whole pass, kept as plain numbers (argmax-decoded when dimArgmax).</summary>
public sealed class AccumMetric(string name, bool dimArgmax, Func<double[], double[], double> func) : Metric
{
    private readonly List<double> _preds = [];
    private readonly List<double> _targs = [];

    /// <inheritdoc />
    public override string Name => name.TrimStart('_');

    /// <inheritdoc />
    public override double Value => _preds.Count == 0 ? double.NaN : func([.. _preds], [.. _targs]);

    /// <inheritdoc />
    public override void Reset() { _preds.Clear(); _targs.Clear(); }

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        using var scope = NewDisposeScope();
        var pred = learn.Pred!.detach();
        if (dimArgmax) pred = pred.argmax(-1);
        _preds.AddRange(pred.reshape(-1).to_type(ScalarType.Float64).cpu().data<double>().ToArray());
        _targs.AddRange(learn.Batch!.Y.reshape(-1).to_type(ScalarType.Float64).cpu().data<double>().ToArray());
    }
}
