using FastDays.Callbacks;
using FastDays.Optimizers;

namespace FastDays.Learning;

/// <summary>fastai's fit_flat_cos: a constant learning rate, then cosine annealing from pctStart on.</summary>
public static class FitFlatCosExtensions
{
    /// <summary>Trains at lr (the learner's Lr when null) for every group, flat then cosine-annealed down to lr/divFinal.</summary>
    public static void FitFlatCos(this Learner learn, int nEpoch, double? lr = null, double divFinal = 1e5, double pctStart = 0.75,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        Run(learn, nEpoch, learn.PrepareOpt(lr, null, resetOpt), divFinal, pctStart, wd, cbs);

    /// <summary>Trains with discriminative learning rates, flat then cosine-annealed.</summary>
    public static void FitFlatCos(this Learner learn, int nEpoch, Slice lr, double divFinal = 1e5, double pctStart = 0.75,
        double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        Run(learn, nEpoch, learn.PrepareOpt(null, lr, resetOpt), divFinal, pctStart, wd, cbs);

    private static void Run(Learner learn, int nEpoch, Optimizer opt, double divFinal, double pctStart, double? wd, IEnumerable<Callback>? cbs)
    {
        var lrs = opt.ParamGroups.Select(g => g["lr"]).ToArray();
        var scheds = new Dictionary<string, Schedule[]>(StringComparer.Ordinal)
        {
            ["lr"] = [.. lrs.Select(lr => Schedules.CombinedCos(pctStart, lr, lr, lr / divFinal))],
        };
        learn.Fit(nEpoch, lrs[^1], wd, [new ParamScheduler(scheds), .. cbs ?? []]);
    }
}
