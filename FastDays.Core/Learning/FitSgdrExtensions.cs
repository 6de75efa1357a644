using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>fastai's fit_sgdr: cosine annealing with warm restarts, each cycle cycleMult times longer than the last.</summary>
public static class FitSgdrExtensions
{
    /// <summary>Trains nCycles cycles, the first cycleLen epochs long, the learning rate restarting at lrMax each cycle and annealing to 0.</summary>
    public static void FitSgdr(this Learner learn, int nCycles, int cycleLen, double? lrMax = null, int cycleMult = 2,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false)
    {
        if (nCycles < 1 || cycleLen < 1 || cycleMult < 1)
            throw new ArgumentOutOfRangeException(nameof(nCycles), $"nCycles ({nCycles}), cycleLen ({cycleLen}) and cycleMult ({cycleMult}) must be at least 1");
        var lengths = Enumerable.Range(0, nCycles).Select(i => cycleLen * (int)Math.Pow(cycleMult, i)).ToArray();
        var nEpoch = lengths.Sum();
        var opt = learn.PrepareOpt(lrMax, null, resetOpt);
        var lrs = opt.ParamGroups.Select(g => g["lr"]).ToArray();
        var pcts = lengths.Select(l => (double)l / nEpoch).ToArray();
        var scheds = new Dictionary<string, Schedule[]>(StringComparer.Ordinal)
        {
            ["lr"] = [.. lrs.Select(lr => Schedules.CombineScheds(pcts, [.. pcts.Select(_ => Schedules.SchedCos(lr, 0))]))],
        };
        learn.Fit(nEpoch, lrs[^1], wd, [new ParamScheduler(scheds), .. cbs ?? []]);
    }
}
