namespace FastDays.Modules;

/// <summary>How to rebuild a model: a registered architecture name and its arguments, stored in exports.</summary>
public sealed record ModelSpec(string Arch, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>A count argument (a whole number ≥ 0), with an error naming the architecture and key when missing, malformed or negative.</summary>
    public int GetInt(string key) => int.TryParse(Get(key), System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
        : throw new FormatException($"model '{Arch}': argument '{key}' = '{Formats.Clip(Get(key))}' is not a whole number ≥ 0");

    /// <summary>A list argument of whole numbers ≥ 1 separated by commas (empty for none), with an error naming the architecture and key.</summary>
    public int[] GetInts(string key) =>
        [.. Get(key).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => int.TryParse(w, System.Globalization.CultureInfo.InvariantCulture,
            out var v) && v >= 1 ? v : throw new FormatException($"model '{Arch}': argument '{key}' = '{Formats.Clip(Get(key))}' is not a list " +
                "of whole numbers ≥ 1"))];

    /// <summary>A string argument, with an error naming the architecture and key when missing.</summary>
    public string Get(string key) => Args.TryGetValue(key, out var v) ? v
        : throw new KeyNotFoundException($"model '{Arch}' needs argument '{key}' (have: {string.Join(", ", Args.Keys)})");
}
