using System.Diagnostics;
using FastDays.Learning;
using FastDays.Metrics;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>Records the smoothed training loss, learning rate and momentum of every training batch and one row of losses and metrics per epoch (a
/// default callback).</summary>
public sealed class Recorder : Callback, IDisposable
{
    private readonly Stopwatch _epochClock = new();
    private readonly AvgLoss _validLoss = new();

    /// <inheritdoc />
    public override int Order => 50;

    /// <summary>The smoothed training loss, exponentially averaged over batches and across epochs.</summary>
    public AvgSmoothLoss SmoothLoss { get; } = new();

    /// <summary>The column names of the per-epoch table: epoch, train_loss, valid_loss, the metrics, time.</summary>
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>The smoothed training loss after every training batch of the fit (kept on the device during an epoch and copied over once when read).</summary>
    public IReadOnlyList<double> Losses
    {
        get
        {
            Flush();
            return _losses;
        }
    }

    /// <summary>The learning rate (of the last parameter group) at every training batch.</summary>
    public List<double> Lrs { get; } = [];

    /// <summary>The momentum (beta1 of the last parameter group) at every training batch, NaN when the optimizer has none.</summary>
    public List<double> Moms { get; } = [];

    /// <summary>The number of training batches done at the end of each epoch (x positions of the validation losses).</summary>
    public List<int> Iters { get; } = [];

    /// <summary>Per epoch: train_loss, valid_loss and each metric (NaN where a pass was cancelled or skipped).</summary>
    public List<double[]> Values { get; } = [];

    /// <summary>Per epoch: how long it took (zero for epochs restored from a checkpoint that did not record it).</summary>
    public List<TimeSpan> EpochTimes { get; } = [];

    /// <summary>The row of the last finished epoch: epoch number, the values, and the elapsed time.</summary>
    public IReadOnlyList<object> Log { get; private set; } = [];

    /// <summary>The smoothed training loss of the last training batch (one device-to-host copy).</summary>
    public double LastSmoothLoss => _pending.Count > 0 || _losses.Count > 0 ? SmoothLoss.Value : double.NaN;

    private readonly List<double> _losses = [];
    private readonly List<Tensor> _pending = [];
    private double[] _row = [];

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Names = ColumnNames();
        if (Learn.Resuming is not null) return;   // the history restored by Resume goes on
        Flush();
        _losses.Clear(); Lrs.Clear(); Moms.Clear(); Iters.Clear(); Values.Clear(); EpochTimes.Clear();
        SmoothLoss.Reset();
    }

    /// <summary>The history so far, for a checkpoint.</summary>
    public RecorderState SaveState()
    {
        var (raw, count) = SmoothLoss.State;
        return new RecorderState([.. Losses], [.. Lrs], [.. Moms], [.. Iters], [.. Values.Select(v => v.ToArray())], raw, count,
            [.. EpochTimes.Select(t => t.TotalSeconds)]);
    }

    /// <summary>Replaces the history with a saved one (what Resume does).</summary>
    public void LoadState(RecorderState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Flush();
        _losses.Clear(); Lrs.Clear(); Moms.Clear(); Iters.Clear(); Values.Clear(); EpochTimes.Clear();
        _losses.AddRange(state.Losses); Lrs.AddRange(state.Lrs); Moms.AddRange(state.Moms); Iters.AddRange(state.Iters);
        Values.AddRange(state.Values.Select(v => v.ToArray()));
        EpochTimes.AddRange(state.Values.Select((_, i) => TimeSpan.FromSeconds(state.EpochSeconds?.ElementAtOrDefault(i) ?? 0)));
        SmoothLoss.Restore(state.SmoothRaw, state.SmoothCount, Learn.Device);
    }

    private List<string> ColumnNames() => ["epoch", "train_loss", "valid_loss", .. Learn.Metrics.Select(m => m.Name), "time"];

    /// <inheritdoc />
    public override void AfterCreate() => Names = ColumnNames();

    /// <inheritdoc />
    public override void BeforeEpoch()
    {
        _epochClock.Restart();
        _row = [.. Enumerable.Repeat(double.NaN, 2 + Learn.Metrics.Count)];
    }

    /// <summary>The validation loss and metrics of the last validation pass.</summary>
    public IReadOnlyList<double> ValidValues { get; private set; } = [];

    /// <inheritdoc />
    public override void BeforeValidate()
    {
        if (_row.Length != 2 + Learn.Metrics.Count) _row = [.. Enumerable.Repeat(double.NaN, 2 + Learn.Metrics.Count)];
        else _row = [.. _row];   // rows already stored in Values stay as they were
        _validLoss.Reset();
        foreach (var m in Learn.Metrics) m.Reset();
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (Learn.Loss is null) return;
        if (!Learn.Training)
        {
            _validLoss.Accumulate(Learn);
            foreach (var m in Learn.Metrics) m.Accumulate(Learn);
            return;
        }
        SmoothLoss.Accumulate(Learn);
        _pending.Add(SmoothLoss.ValueTensor()!.DetachFromDisposeScope());
        var hypers = Learn.Opt!.ParamGroups[^1].Hypers;
        Lrs.Add(hypers["lr"]);
        Moms.Add(hypers.GetValueOrDefault("mom", double.NaN));
    }

    /// <inheritdoc />
    public override void AfterTrain()
    {
        Flush();
        _row[0] = _losses.Count > 0 ? _losses[^1] : double.NaN;
    }

    /// <inheritdoc />
    public override void Cleanup() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0) return;
        using (var all = stack(_pending)) _losses.AddRange(all.cpu().data<double>().ToArray());
        foreach (var t in _pending) t.Dispose();
        _pending.Clear();
    }

    /// <inheritdoc />
    public override void AfterValidate()
    {
        _row[1] = _validLoss.Value;
        for (var i = 0; i < Learn.Metrics.Count; i++) _row[2 + i] = Learn.Metrics[i].Value;
        ValidValues = _row[1..];
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        Values.Add([.. _row]);
        Iters.Add(Losses.Count);
        EpochTimes.Add(_epochClock.Elapsed);
        Log = [Learn.Epoch, .. _row.Cast<object>(), _epochClock.Elapsed];
    }

    /// <summary>The value of a column (such as valid_loss or accuracy) in the last recorded epoch.</summary>
    public double Last(string name)
    {
        var i = Names.ToList().IndexOf(name);
        if (i < 1 || i > Values.FirstOrDefault()?.Length || Values.Count == 0)
            throw new ArgumentException($"no recorded value '{name}' (columns: {string.Join(", ", Names.Skip(1).SkipLast(1))})", nameof(name));
        return Values[^1][i - 1];
    }

    /// <summary>Frees the native running values (the smoothed loss, the validation loss and the losses not yet read).</summary>
    public void Dispose()
    {
        foreach (var t in _pending) t.Dispose();
        _pending.Clear();
        SmoothLoss.Dispose();
        _validLoss.Dispose();
    }
}
