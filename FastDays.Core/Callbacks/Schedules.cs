namespace FastDays.Callbacks;

/// <summary>fastai's schedule functions: linear, cosine, constant, exponential and polynomial annealing, and their combinations.</summary>
public static class Schedules
{
    /// <summary>Linear from start to end.</summary>
    public static Schedule SchedLin(double start, double end) => pos => start + pos * (end - start);

    /// <summary>Cosine from start to end.</summary>
    public static Schedule SchedCos(double start, double end) => pos => start + (1 + Math.Cos(Math.PI * (1 - pos))) * (end - start) / 2;

    /// <summary>Constant at start.</summary>
    public static Schedule SchedNo(double start, double end) => _ => start;

    /// <summary>Exponential from start to end.</summary>
    public static Schedule SchedExp(double start, double end) => pos => start * Math.Pow(end / start, pos);

    /// <summary>Polynomial of a power from start to end.</summary>
    public static Schedule SchedPoly(double start, double end, double power) => pos => start + (end - start) * Math.Pow(pos, power);

    /// <summary>Runs each schedule over its fraction of training, in turn; the fractions must add up to 1.</summary>
    public static Schedule CombineScheds(IReadOnlyList<double> pcts, IReadOnlyList<Schedule> scheds)
    {
        if (pcts.Count != scheds.Count || pcts.Count == 0) throw new ArgumentException($"{pcts.Count} fractions for {scheds.Count} schedules");
        if (pcts.Any(p => p < 0) || Math.Abs(pcts.Sum() - 1) > 1e-9)
            throw new ArgumentException($"schedule fractions must be ≥ 0 and add up to 1, got {string.Join(", ", pcts)}");
        var bounds = new double[pcts.Count + 1];
        for (var i = 0; i < pcts.Count; i++) bounds[i + 1] = bounds[i] + pcts[i];
        return pos =>
        {
            var idx = 0;
            for (var i = 0; i < bounds.Length; i++) if (pos >= bounds[i]) idx = i;
            idx = Math.Min(idx, pcts.Count - 1);
            return scheds[idx]((pos - bounds[idx]) / (bounds[idx + 1] - bounds[idx]));
        };
    }

    /// <summary>Cosine from start to middle over the first pct of training, then from middle to end.</summary>
    public static Schedule CombinedCos(double pct, double start, double middle, double end) =>
        CombineScheds([pct, 1 - pct], [SchedCos(start, middle), SchedCos(middle, end)]);
}
