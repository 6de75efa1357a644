using System.Globalization;
using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>What a resumed fit must share with the fit its checkpoint was saved in (the number of epochs, the weight decay, the learning rates it
/// began with and the schedules), and the callback states it takes over.</summary>
internal static class ResumedFit
{
    /// <summary>Throws an ArgumentException naming the first difference between the fit about to start (its epochs, weight decay wd when given,
    /// learning rates and ParamScheduler) and the saved one — checked before wd is set, while the optimizer still holds the checkpoint's — then hands
    /// the fit's own IResumable and IResumableTensors callbacks (fitCbs; the learner's got theirs at Resume) their saved states.</summary>
    public static void Prepare(Learner learn, ResumePoint at, double? wd, IReadOnlyCollection<Callback> fitCbs)
    {
        Check(learn, at, wd);
        foreach (var (key, cb) in CheckpointExtensions.ResumableCallbacks(learn))
            if (cb is Callback own && fitCbs.Contains(own) && at.CallbackStates?.GetValueOrDefault(key) is { } state)
                try { cb.LoadState(state); }
                catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
                {
                    throw new InvalidDataException($"the checkpoint being resumed holds a state of {key} that cannot be restored ({e.Message})", e);
                }
        if (at.Checkpoint is { } path) CheckpointExtensions.RestoreCallbackTensors(learn, path, fitCbs);
    }

    private static void Check(Learner learn, ResumePoint at, double? wd)
    {
        const string Saved = "the checkpoint being resumed was saved in a fit";
        if (at.NEpoch != learn.NEpoch)
            throw new ArgumentException($"{Saved} of {at.NEpoch} epochs; resume it with the same number, not {learn.NEpoch} (the schedules depend on it)");
        if (wd is { } w && learn.Opt!.ParamGroups.FirstOrDefault(g => !Same(g.Hypers.GetValueOrDefault("wd"), w)) is { } group)
            throw new ArgumentException($"{Saved} with weight decay {group.Hypers.GetValueOrDefault("wd"):G6}; resume it with the same, not {w:G6}");
        var lrs = learn.Opt!.ParamGroups.Select(g => g["lr"]).ToList();
        if (at.FitLrs is { } began && (began.Count != lrs.Count || began.Zip(lrs).Any(p => !Same(p.First, p.Second))))
            throw new ArgumentException($"{Saved} that began at learning rate{(began.Count > 1 ? "s" : "")} {Listed(began)}; resume it with the same, " +
                $"not {Listed(lrs)}");
        if (at.Schedules is not { } saved) return;
        var now = learn.Cb<ParamScheduler>()?.Samples() ?? [];
        var names = saved.Keys.Union(now.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.FirstOrDefault(n => saved.ContainsKey(n) != now.ContainsKey(n)) is { } odd)
            throw new ArgumentException($"{Saved} that {(now.ContainsKey(odd) ? "did not schedule" : "scheduled")} {odd}, which this one " +
                $"{(now.ContainsKey(odd) ? "does" : "does not")}; resume it with the same kind of schedule");
        foreach (var name in names)
        {
            var (before, after) = (saved[name], now[name]);
            if (before.Length != after.Length)
                throw new ArgumentException($"{Saved} with {before.Length} schedules of {name}, this one has {after.Length}; resume it with the same");
            for (var k = 0; k < before.Length; k++)
                for (var i = 0; i < ParamScheduler.SamplePoints; i++)
                    if (!Same(before[k][i], after[k][i]))
                        throw new ArgumentException($"{Saved} whose {name}{(before.Length > 1 ? $" (schedule {k})" : "")} was {before[k][i]:G6} at " +
                            $"{i / (ParamScheduler.SamplePoints - 1.0):P0} of it, where this fit's is {after[k][i]:G6}: resume it with the same schedule " +
                            "(learning rates, pct_start, div, momentums)");
        }
    }

    private static string Listed(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));

    // Equal up to rounding: the schedules are recomputed from the same numbers, so only a changed setting differs by more.
    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
}
