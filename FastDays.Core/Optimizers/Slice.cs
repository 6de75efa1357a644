namespace FastDays.Optimizers;

/// <summary>Python's slice as fastai uses it for learning rates: Slice(stop) gives stop/10 to the earlier groups, Slice(start, stop) spreads
/// start…stop geometrically.</summary>
public readonly record struct Slice(double? Start, double Stop)
{
    /// <summary>A slice with only a stop value.</summary>
    public Slice(double stop) : this(null, stop) { }

    /// <summary>The value for each of n parameter groups (fastai's even_mults for start…stop).</summary>
    public double[] Expand(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "need at least one parameter group");
        if (n == 1) return [Stop];
        if (Start is not { } start) return [.. Enumerable.Repeat(Stop / 10, n - 1), Stop];
        var step = Math.Pow(Stop / start, 1.0 / (n - 1));
        return [.. Enumerable.Range(0, n).Select(i => start * Math.Pow(step, i))];
    }
}
