namespace FastDays.Learning;

/// <summary>Reads values back from an IResumable state: a missing value or one of the wrong kind is an ArgumentException naming its key and what it
/// holds.</summary>
internal static class SavedState
{
    /// <summary>The value under key, when ok accepts it; what says what it must be ("a positive number").</summary>
    public static double Number(IReadOnlyDictionary<string, double> state, string key, Func<double, bool> ok, string what)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.TryGetValue(key, out var v) && ok(v) ? v
            : throw new ArgumentException($"'{key}' must be {what}, not {(state.TryGetValue(key, out var w) ? w : "missing")}");
    }

    /// <summary>The whole number under key, from min to int.MaxValue.</summary>
    public static int Count(IReadOnlyDictionary<string, double> state, string key, int min = 0) =>
        (int)Number(state, key, v => v >= min && v <= int.MaxValue && v == Math.Floor(v), $"a whole number ≥ {min}");
}
