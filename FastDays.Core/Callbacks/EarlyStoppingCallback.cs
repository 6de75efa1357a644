using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's EarlyStoppingCallback: ends the fit when the monitored value has not improved for patience epochs.</summary>
public sealed class EarlyStoppingCallback(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0,
    int patience = 1, bool resetOnFit = true)
    : TrackerCallback(monitor, comp, minDelta, resetOnFit)
{
    private int _wait;

    /// <inheritdoc />
    public override int Order => 63;

    /// <summary>The epoch at which training was stopped, or null when it ran to the end.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        StoppedEpoch = null;
        if (Learn.Resuming is null) _wait = 0;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> SaveState() => new Dictionary<string, double>(base.SaveState(), StringComparer.Ordinal)
    {
        ["wait"] = _wait,
    };

    /// <inheritdoc />
    public override void LoadState(IReadOnlyDictionary<string, double> state)
    {
        base.LoadState(state);
        _wait = SavedState.Count(state, "wait");
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        base.AfterEpoch();
        if (NewBest) { _wait = 0; return; }
        if (++_wait < patience) return;
        StoppedEpoch = Learn.Epoch;
        ProgressCallback.WriteLine(Learn, $"No improvement since epoch {Learn.Epoch - _wait}: early stopping");
        throw new CancelFitException();
    }
}
