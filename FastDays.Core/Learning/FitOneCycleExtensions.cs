using FastDays.Callbacks;
using FastDays.Optimizers;

namespace FastDays.Learning;

/// <summary>fastai's fit_one_cycle: learning rate warms up then anneals by cosine while momentum does the opposite.</summary>
public static class FitOneCycleExtensions
{
    /// <summary>Trains with the one-cycle policy at peak learning rate lrMax for every group (the learner's Lr when null).</summary>
    public static void FitOneCycle(this Learner learn, int nEpoch, double? lrMax = null, double div = 25, double divFinal = 1e5, double pctStart = 0.25,
        double? wd = null, (double, double, double)? moms = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        ScheduledFit.Run(learn, nEpoch, learn.PrepareOpt(lrMax, null, resetOpt), lrs =>
            OneCycleScheds(lrs, div, divFinal, pctStart, moms ?? learn.Moms), wd, cbs);

    /// <summary>Trains with the one-cycle policy at discriminative peak learning rates spread over the parameter groups.</summary>
    public static void FitOneCycle(this Learner learn, int nEpoch, Slice lrMax, double div = 25, double divFinal = 1e5, double pctStart = 0.25,
        double? wd = null, (double, double, double)? moms = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        ScheduledFit.Run(learn, nEpoch, learn.PrepareOpt(null, lrMax, resetOpt), lrs =>
            OneCycleScheds(lrs, div, divFinal, pctStart, moms ?? learn.Moms), wd, cbs);

    /// <summary>The one-cycle schedules for peak learning rates (one per group) and momentums (start, middle, end).</summary>
    public static Dictionary<string, Schedule[]> OneCycleScheds(IReadOnlyList<double> lrMax, double div, double divFinal, double pctStart,
        (double Start, double Middle, double End) moms)
    {
        if (pctStart is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pct_start must be between 0 and 1");
        if (!(div > 0) || !(divFinal > 0)) throw new ArgumentOutOfRangeException(nameof(div), $"div ({div}) and div_final ({divFinal}) must be positive");
        return new(StringComparer.Ordinal)
        {
            ["lr"] = [.. lrMax.Select(lr => Schedules.CombinedCos(pctStart, lr / div, lr, lr / divFinal))],
            ["mom"] = [Schedules.CombinedCos(pctStart, moms.Start, moms.Middle, moms.End)],
        };
    }
}
