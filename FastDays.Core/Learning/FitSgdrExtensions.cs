using FastDays.Callbacks;
using FastDays.Optimizers;

namespace FastDays.Learning;

/// <summary>fastai's fit_sgdr: cosine annealing with warm restarts, each cycle cycleMult times longer than the last.</summary>
public static class FitSgdrExtensions
{
    /// <summary>Trains nCycles cycles, the first cycleLen epochs long, the learning rate restarting at lrMax each cycle and annealing to 0.</summary>
    public static void FitSgdr(this Learner learn, int nCycles, int cycleLen, double? lrMax = null, int cycleMult = 2,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        Run(learn, nCycles, cycleLen, cycleMult, () => learn.PrepareOpt(lrMax, null, resetOpt), wd, cbs);

    /// <summary>The same with discriminative learning rates: each group restarts at its own rate of the slice.</summary>
    public static void FitSgdr(this Learner learn, int nCycles, int cycleLen, Slice lrMax, int cycleMult = 2,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        Run(learn, nCycles, cycleLen, cycleMult, () => learn.PrepareOpt(null, lrMax, resetOpt), wd, cbs);

    private static void Run(Learner learn, int nCycles, int cycleLen, int cycleMult, Func<Optimizer> prepareOpt, double? wd, IEnumerable<Callback>? cbs)
    {
        if (nCycles < 1 || cycleLen < 1 || cycleMult < 1)
            throw new ArgumentOutOfRangeException(nameof(nCycles),
                $"nCycles ({nCycles}), cycleLen ({cycleLen}) and cycleMult ({cycleMult}) must be at least 1");
        var lengths = Enumerable.Range(0, nCycles).Select(i => cycleLen * (int)Math.Pow(cycleMult, i)).ToArray();
        var nEpoch = lengths.Sum();
        var pcts = lengths.Select(l => (double)l / nEpoch).ToArray();
        ScheduledFit.Run(learn, nEpoch, prepareOpt(),
            lrs => ScheduledFit.LrOnly(lrs, lr => Schedules.CombineScheds(pcts, [.. pcts.Select(_ => Schedules.SchedCos(lr, 0))])), wd, cbs);
    }
}
