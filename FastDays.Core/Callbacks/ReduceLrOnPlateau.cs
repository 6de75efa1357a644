using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's ReduceLrOnPlateau: divides every group's learning rate by factor when the monitored value stalls for patience epochs.</summary>
public sealed class ReduceLrOnPlateau(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0, int patience = 1,
    double factor = 10, double minLr = 0, bool resetOnFit = true) : TrackerCallback(monitor, comp, minDelta, resetOnFit)
{
    private int _wait;
    private double[]? _lrs;   // each group's learning rate once reduced (null before the first reduction), restored when a fit is resumed

    /// <inheritdoc />
    public override int Order => 64;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        if (Learn.Resuming is null) (_wait, _lrs) = (0, null);
        else if (_lrs is { } lrs) Learn.Opt!.SetHyper("lr", lrs);   // the fit set its own learning rate; the reductions made before the stop go on
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> SaveState()
    {
        var state = new Dictionary<string, double>(base.SaveState(), StringComparer.Ordinal) { ["wait"] = _wait, ["reduced_groups"] = _lrs?.Length ?? 0 };
        for (var i = 0; i < (_lrs?.Length ?? 0); i++) state[$"lr_{i}"] = _lrs![i];
        return state;
    }

    /// <inheritdoc />
    public override void LoadState(IReadOnlyDictionary<string, double> state)
    {
        base.LoadState(state);
        _wait = SavedState.Count(state, "wait");
        var groups = SavedState.Count(state, "reduced_groups");
        _lrs = groups == 0 ? null
            : [.. Enumerable.Range(0, groups).Select(i => SavedState.Number(state, $"lr_{i}", lr => double.IsFinite(lr) && lr >= 0, "a learning rate ≥ 0"))];
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        base.AfterEpoch();
        if (NewBest) { _wait = 0; return; }
        if (++_wait < patience) return;
        var old = Learn.Opt!.ParamGroups.Select(g => g["lr"]).ToArray();
        Learn.Opt.SetHyper("lr", [.. old.Select(lr => Math.Max(lr / factor, minLr))]);
        _lrs = [.. Learn.Opt.ParamGroups.Select(g => g["lr"])];
        _wait = 0;
        if (old.Zip(Learn.Opt.ParamGroups, (o, g) => g["lr"] < o).Any(b => b))
            ProgressCallback.WriteLine(Learn, $"Epoch {Learn.Epoch}: reducing lr to {Learn.Opt.ParamGroups[^1]["lr"]:G3}");
    }
}
