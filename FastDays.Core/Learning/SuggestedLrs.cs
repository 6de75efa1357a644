namespace FastDays.Learning;

/// <summary>The learning rates LrFind suggests, one per suggestion method, with the points to mark on the plot.</summary>
public sealed record SuggestedLrs(IReadOnlyDictionary<SuggestionMethod, double> Lrs, IReadOnlyDictionary<SuggestionMethod, (double Lr, double Loss)> Points)
{
    /// <summary>The suggestion of one method.</summary>
    public double this[SuggestionMethod method] => Lrs.TryGetValue(method, out var lr) ? lr
        : throw new KeyNotFoundException($"no suggestion of {method} (LrFind ran: {string.Join(", ", Lrs.Keys)}; pass it in suggestFuncs)");

    /// <summary>The suggestion of valley, fastai's default method.</summary>
    public double Valley => this[SuggestionMethod.Valley];

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Lrs.Select(kv => $"{SuggestionMethods.Name(kv.Key)}={kv.Value:E2}"));
}
