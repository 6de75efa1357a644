using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's SaveModelCallback: saves the model whenever the monitored value improves (or every epoch) and loads the best at the end.</summary>
public sealed class SaveModelCallback(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0, string fname = "model",
    bool everyEpoch = false, bool atEnd = false, bool withOpt = false, bool resetOnFit = true) : TrackerCallback(monitor, comp, minDelta, resetOnFit)
{
    /// <summary>The checkpoint name (files under Path/models/).</summary>
    public string FName { get; } = fname;

    /// <summary>The epoch whose weights were last saved as best.</summary>
    public int? BestEpoch { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        BestEpoch = null;
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        base.AfterEpoch();
        if (everyEpoch) { Learn.Save($"{FName}_{Learn.Epoch}", withOpt); return; }
        if (!NewBest) return;
        BestEpoch = Learn.Epoch;
        Learn.Save(FName, withOpt);
    }

    /// <inheritdoc />
    public override void AfterFit()
    {
        if (atEnd) Learn.Save(FName, withOpt);
        else if (!everyEpoch && BestEpoch is not null) Learn.Load(FName, withOpt);
    }
}
