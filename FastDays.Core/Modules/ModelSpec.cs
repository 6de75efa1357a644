namespace FastDays.Modules;

/// <summary>How to rebuild a model: a registered architecture name and its arguments, stored in exports.</summary>
public sealed record ModelSpec(string Arch, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>An integer argument, with an error naming the architecture and key when missing or malformed.</summary>
    public int GetInt(string key) => int.TryParse(Get(key), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
        : throw new FormatException($"model '{Arch}': argument '{key}' = '{Get(key)}' is not an integer");

    /// <summary>A string argument, with an error naming the architecture and key when missing.</summary>
    public string Get(string key) => Args.TryGetValue(key, out var v) ? v
        : throw new KeyNotFoundException($"model '{Arch}' needs argument '{key}' (have: {string.Join(", ", Args.Keys)})");
}
