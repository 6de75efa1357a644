using FastDays.Learning;
using FastDays.Optimizers;

namespace FastDays.Vision.Learning;

/// <summary>fastai's fine_tune: train the new head with the body frozen, then everything with discriminative learning rates.</summary>
public static class FineTuneExtensions
{
    /// <summary>freezeEpochs of one-cycle on the head at baseLr, then epochs of one-cycle on all groups from baseLr/2/lrMult to baseLr/2; after
    /// Resume it continues in the phase the checkpoint was saved in.</summary>
    public static void FineTune(this Learner learn, int epochs, double baseLr = 2e-3, int freezeEpochs = 1, double lrMult = 100, double pctStart = 0.3,
        double div = 5.0, double? wd = null, IEnumerable<Callback>? cbs = null)
    {
        var extra = cbs?.ToList() ?? [];
        // A checkpoint saved with nothing frozen comes from the second phase: the first is done.
        if (freezeEpochs > 0 && learn.Resuming is not { FrozenGroups: 0 })
        {
            learn.Freeze();
            learn.FitOneCycle(freezeEpochs, new Slice(baseLr), pctStart: 0.99, wd: wd, cbs: extra);
            if (learn.StopRequested) return;   // Ctrl-C (InterruptCallback) in the frozen phase stops the whole fine-tune
        }
        baseLr /= 2;
        learn.Unfreeze();
        learn.FitOneCycle(epochs, new Slice(baseLr / lrMult, baseLr), pctStart: pctStart, div: div, wd: wd, cbs: extra);
    }
}
