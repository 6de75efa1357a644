using FastDays.Callbacks;
using FastDays.Optimizers;

namespace FastDays.Learning;

/// <summary>fastai's fit_flat_cos: a constant learning rate, then cosine annealing from pctStart on.</summary>
public static class FitFlatCosExtensions
{
    /// <summary>Trains at lr (the learner's Lr when null) for every group, flat then cosine-annealed down to lr/divFinal.</summary>
    public static void FitFlatCos(this Learner learn, int nEpoch, double? lr = null, double divFinal = 1e5, double pctStart = 0.75,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        ScheduledFit.Run(learn, nEpoch, learn.PrepareOpt(lr, null, resetOpt), lrs => FlatCos(lrs, divFinal, pctStart), wd, cbs);

    /// <summary>Trains with discriminative learning rates, flat then cosine-annealed.</summary>
    public static void FitFlatCos(this Learner learn, int nEpoch, Slice lr, double divFinal = 1e5, double pctStart = 0.75,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        ScheduledFit.Run(learn, nEpoch, learn.PrepareOpt(null, lr, resetOpt), lrs => FlatCos(lrs, divFinal, pctStart), wd, cbs);

    private static Dictionary<string, Schedule[]> FlatCos(double[] lrs, double divFinal, double pctStart) =>
        ScheduledFit.LrOnly(lrs, lr => Schedules.CombinedCos(pctStart, lr, lr, lr / divFinal));
}
