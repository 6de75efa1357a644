using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>fastai's lr_find: a short mock training with an exponentially growing learning rate, returning suggestions.</summary>
public static class LrFindExtensions
{
    /// <summary>Sweeps the learning rate from startLr to endLr over numIt batches, restores the weights and optimizer, and returns the suggestions of
    /// the given methods (valley by default).</summary>
    public static SuggestedLrs LrFind(this Learner learn, double startLr = 1e-7, double endLr = 10, int numIt = 100, bool stopDiv = true,
        IEnumerable<SuggestionMethod>? suggestFuncs = null)
    {
        var nEpoch = numIt / learn.Dls.Train.Count + 1;
        var prevOpt = learn.Opt;
        using var noBar = learn.NoBar();
        try
        {
            learn.Opt = null;
            learn.Fit(nEpoch, startLr, cbs: [new LrFinder(startLr, endLr, numIt, stopDiv)]);
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
            throw new ArgumentOutOfRangeException(nameof(numIt), numIt,
                $"LrFind recorded only {losses.Count} usable points; use more iterations (numIt={numIt}) or a smaller startLr");
        var suggestions = new Dictionary<SuggestionMethod, double>();
        var points = new Dictionary<SuggestionMethod, (double, double)>();
        foreach (var method in suggestFuncs ?? [SuggestionMethod.Valley])
        {
            var (lr, point) = SuggestionMethods.Of(method)([.. lrs], [.. losses], numIt);
            (suggestions[method], points[method]) = (lr, point);
        }
        return new SuggestedLrs(suggestions, points);
    }
}
