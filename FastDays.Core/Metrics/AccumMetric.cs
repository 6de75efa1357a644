using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Metrics;

/// <summary>A metric computed once over the predictions and targets of the whole pass (argmax-decoded when dimArgmax), gathered on the device and
/// copied over when read.</summary>
public sealed class AccumMetric(string name, bool dimArgmax, Func<double[], double[], double> func) : Metric, IDisposable
{
    private readonly GatheredRows _rows = new();

    /// <inheritdoc />
    public override string Name => name.TrimStart('_');

    /// <inheritdoc />
    public override double Value
    {
        get
        {
            if (_rows.IsEmpty) return double.NaN;
            var (preds, targs) = _rows.Rows();
            return func([.. preds.SelectMany(r => r)], [.. targs.SelectMany(r => r)]);
        }
    }

    /// <inheritdoc />
    public override void Reset() => _rows.Clear();

    /// <inheritdoc />
    public override void Accumulate(Learner learn)
    {
        ArgumentNullException.ThrowIfNull(learn);
        using var scope = NewDisposeScope();
        var pred = learn.Pred!.detach();
        _rows.Add(dimArgmax ? pred.argmax(-1) : pred, learn.Batch!.Y);
    }

    /// <inheritdoc />
    public void Dispose() => _rows.Dispose();
}
