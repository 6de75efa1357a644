using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's SaveModelCallback: saves the model whenever the monitored value improves (or every epoch) and loads the best at the end;
/// with everyNBatches it also writes a resumable checkpoint (model, optimizer and the fit's position) named fname_last every that many training
/// batches.</summary>
public sealed class SaveModelCallback(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0, string fname = "model",
    bool everyEpoch = false, bool atEnd = false, bool withOpt = false, bool resetOnFit = true, int everyNBatches = 0)
        : TrackerCallback(monitor, comp, minDelta, resetOnFit)
{
    /// <summary>After the Recorder, so a mid-epoch checkpoint holds the batch just done in full.</summary>
    public override int Order => 85;

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (everyNBatches > 0 && Learn.Training && Learn.TrainIter % everyNBatches == 0) Learn.Save($"{FName}_last", withOpt: true);
    }

    /// <summary>The checkpoint name (files under Path/models/).</summary>
    public string FName { get; } = fname;

    /// <summary>The epoch whose weights were last saved as best.</summary>
    public int? BestEpoch { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        if (Learn.Resuming is null) BestEpoch = null;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> SaveState() => new Dictionary<string, double>(base.SaveState(), StringComparer.Ordinal)
    {
        ["best_epoch"] = BestEpoch ?? -1,
    };

    /// <inheritdoc />
    public override void LoadState(IReadOnlyDictionary<string, double> state)
    {
        base.LoadState(state);
        var epoch = SavedState.Count(state, "best_epoch", min: -1);
        BestEpoch = epoch < 0 ? null : epoch;
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
