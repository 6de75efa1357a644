using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>fastai's lr_find: a short mock training with an exponentially growing learning rate, returning suggestions.</summary>
public static class LrFindExtensions
{
    /// <summary>Sweeps the learning rate from startLr to endLr over numIt batches, restores the weights and optimizer, and returns the suggestions of the given methods (valley by default).</summary>
    public static SuggestedLrs LrFind(this Learner learn, double startLr = 1e-7, double endLr = 10, int numIt = 100, bool stopDiv = true,
        IEnumerable<string>? suggestFuncs = null)
    {
        var nEpoch = numIt / learn.Dls.Train.Count + 1;
        var prevOpt = learn.Opt;
        using var noBar = learn.NoBar();
        try
        {
            learn.Opt = null;
            learn.Fit(nEpoch, startLr, cbs: [new LRFinder(startLr, endLr, numIt, stopDiv)]);
        }
        finally
        {
            if (!ReferenceEquals(learn.Opt, prevOpt)) learn.Opt?.Dispose();   // the sweep's own optimizer
            learn.Opt = prevOpt;
        }
        var skipStart = numIt / 10;
        var lrs = learn.Recorder.Lrs.Skip(skipStart).SkipLast(5).ToList();
        var losses = learn.Recorder.Losses.Skip(skipStart).SkipLast(5).ToList();
        var firstNaN = losses.FindIndex(double.IsNaN);
        if (firstNaN >= 0) (lrs, losses) = (lrs[..firstNaN], losses[..firstNaN]);
        if (losses.Count < 2)
            throw new InvalidOperationException($"LrFind recorded only {losses.Count} usable points; use more iterations (numIt={numIt}) or a smaller startLr");
        var names = suggestFuncs?.ToList() ?? ["valley"];
        var suggestions = new Dictionary<string, double>(StringComparer.Ordinal);
        var points = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var method = SuggestionMethods.All.GetValueOrDefault(name)
                ?? throw new ArgumentException($"unknown suggestion method '{name}' (have: {string.Join(", ", SuggestionMethods.All.Keys)})", nameof(suggestFuncs));
            var (lr, point) = method([.. lrs], [.. losses], numIt);
            (suggestions[name], points[name]) = (lr, point);
        }
        return new SuggestedLrs(suggestions, points);
    }
}
