namespace FastDays.Callbacks;

/// <summary>fastai's ReduceLrOnPlateau: divides every group's learning rate by factor when the monitored value stalls for patience epochs.</summary>
public sealed class ReduceLrOnPlateau(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0, int patience = 1,
    double factor = 10, double minLr = 0, bool resetOnFit = true) : TrackerCallback(monitor, comp, minDelta, resetOnFit)
{
    private int _wait;

    /// <inheritdoc />
    public override int Order => 64;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        _wait = 0;
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        base.AfterEpoch();
        if (NewBest) { _wait = 0; return; }
        if (++_wait < patience) return;
        var old = Learn.Opt!.ParamGroups.Select(g => g["lr"]).ToArray();
        Learn.Opt.SetHyper("lr", [.. old.Select(lr => Math.Max(lr / factor, minLr))]);
        _wait = 0;
        if (old.Zip(Learn.Opt.ParamGroups, (o, g) => g["lr"] < o).Any(b => b))
            ProgressCallback.WriteLine(Learn, $"Epoch {Learn.Epoch}: reducing lr to {Learn.Opt.ParamGroups[^1]["lr"]:G3}");
    }
}
