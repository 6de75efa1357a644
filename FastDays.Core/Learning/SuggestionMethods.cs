namespace FastDays.Learning;

/// <summary>fastai's learning-rate suggestion methods over the LrFind curve: each returns the suggested lr and the (lr, loss) point to mark.</summary>
public static class SuggestionMethods
{
    /// <summary>A suggestion method: from learning rates, smoothed losses and the sweep length to a suggestion and its point.</summary>
    public delegate (double Suggestion, (double Lr, double Loss) Point) Method(double[] lrs, double[] losses, int numIt);

    /// <summary>The function of a method, with its default settings.</summary>
    public static Method Of(SuggestionMethod method) => method switch
    {
        SuggestionMethod.Valley => Valley,
        SuggestionMethod.Slide => (l, s, n) => Slide(l, s, n),
        SuggestionMethod.Minimum => Minimum,
        SuggestionMethod.Steep => Steep,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a suggestion method"),
    };

    /// <summary>fastai's name of a method (valley, slide, minimum, steep), as printed and plotted.</summary>
    public static string Name(SuggestionMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>Reads a method from fastai's name of it, ignoring case.</summary>
    public static SuggestionMethod Parse(string name) =>
        Enum.GetValues<SuggestionMethod>().Cast<SuggestionMethod?>().FirstOrDefault(m =>
            string.Equals(Name(m!.Value), name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown suggestion method '{name}' (have: " +
            $"{string.Join(", ", Enum.GetValues<SuggestionMethod>().Select(Name))})", nameof(name));

    /// <summary>About two thirds down the longest stretch of falling loss (ESRI's valley; fastai's default).</summary>
    public static (double, (double, double)) Valley(double[] lrs, double[] losses, int numIt)
    {
        var n = losses.Length;
        var runs = Enumerable.Repeat(1, n).ToArray();
        int start = 0, end = 0;
        for (var i = 1; i < n; i++)
            for (var j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && runs[i] < runs[j] + 1) runs[i] = runs[j] + 1;
                if (runs[end] < runs[i]) (end, start) = (i, i - runs[i]);
            }
        var third = (end - start) / 3.0;
        // start is one before the run when it begins at the first point, so a short run can give −1: fastai's Python then reads the last
        // point by accident; here the run's first point is taken.
        var idx = Math.Clamp(start + (int)third + (int)(third / 2), 0, n - 1);
        return (lrs[idx], (lrs[idx], losses[idx]));
    }

    /// <summary>Walks left from the end until the loss gradient flattens over lrDiff points (Novetta's slide rule).</summary>
    public static (double, (double, double)) Slide(double[] lrs, double[] losses, int numIt, int lrDiff = 15, double thresh = 0.005, double adjustValue = 1)
    {
        var n = losses.Length;
        var grad = Gradient(losses);
        int r = n - 1, l = r - lrDiff;
        if (l < 0) throw new ArgumentException($"slide needs more than {lrDiff} points, got {n}");
        var localMin = lrs[l];
        while (l >= 0 && Math.Abs(grad[r] - grad[l]) > thresh)
        {
            localMin = lrs[l];
            r--;
            l--;
        }
        var suggestion = localMin * adjustValue;
        return (suggestion, (suggestion, Interp(Math.Log10(suggestion), [.. lrs.Select(Math.Log10)], losses)));
    }

    /// <summary>A tenth of the learning rate at the lowest loss.</summary>
    public static (double, (double, double)) Minimum(double[] lrs, double[] losses, int numIt)
    {
        var i = ArgMin(losses);
        return (lrs[i] / 10, (lrs[i], losses[i]));
    }

    /// <summary>Where the loss falls fastest against log(lr).</summary>
    public static (double, (double, double)) Steep(double[] lrs, double[] losses, int numIt)
    {
        var slopes = Enumerable.Range(0, losses.Length - 1).Select(i => (losses[i + 1] - losses[i]) / (Math.Log(lrs[i + 1]) - Math.Log(lrs[i]))).ToArray();
        var i = ArgMin(slopes);
        return (lrs[i], (lrs[i], losses[i]));
    }

    private static int ArgMin(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] < values[best]) best = i;
        return best;
    }

    private static double[] Gradient(double[] y)
    {
        var n = y.Length;
        if (n < 2) return new double[n];
        var g = new double[n];
        g[0] = y[1] - y[0];
        g[n - 1] = y[n - 1] - y[n - 2];
        for (var i = 1; i < n - 1; i++) g[i] = (y[i + 1] - y[i - 1]) / 2;
        return g;
    }

    private static double Interp(double x, double[] xs, double[] ys)
    {
        if (x <= xs[0]) return ys[0];
        for (var i = 1; i < xs.Length; i++)
            if (x <= xs[i]) return ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return ys[^1];
    }
}
