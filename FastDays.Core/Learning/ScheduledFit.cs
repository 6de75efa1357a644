using FastDays.Callbacks;
using FastDays.Optimizers;

namespace FastDays.Learning;

/// <summary>The ending that FitOneCycle, FitFlatCos and FitSgdr share: schedules built from each group's learning rate, then a fit that follows them.</summary>
internal static class ScheduledFit
{
    /// <summary>Fits nEpoch epochs with a ParamScheduler whose schedules scheds makes from the groups' learning rates (earliest group first).</summary>
    public static void Run(Learner learn, int nEpoch, Optimizer opt,
        Func<double[], Dictionary<string, Schedule[]>> scheds, double? wd, IEnumerable<Callback>? cbs)
    {
        var lrs = opt.ParamGroups.Select(g => g["lr"]).ToArray();
        learn.Fit(nEpoch, lrs[^1], wd, [new ParamScheduler(scheds(lrs)), .. cbs ?? []]);
    }

    /// <summary>Learning-rate schedules only: one per group, each made from that group's rate.</summary>
    public static Dictionary<string, Schedule[]> LrOnly(double[] lrs, Func<double, Schedule> sched) =>
        new(StringComparer.Ordinal) { ["lr"] = [.. lrs.Select(sched)] };
}
