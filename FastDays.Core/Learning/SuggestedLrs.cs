namespace FastDays.Learning;

/// <summary>The learning rates LrFind suggests, by method name (valley, slide, minimum, steep), with the points to mark on the plot.</summary>
public sealed record SuggestedLrs(IReadOnlyDictionary<string, double> Lrs, IReadOnlyDictionary<string, (double Lr, double Loss)> Points)
{
    /// <summary>The suggestion of one method.</summary>
    public double this[string method] => Lrs.TryGetValue(method, out var lr) ? lr
        : throw new KeyNotFoundException($"no suggestion '{method}' (have: {string.Join(", ", Lrs.Keys)})");

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Lrs.Select(kv => $"{kv.Key}={kv.Value:E2}"));
}
