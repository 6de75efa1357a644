using System.Globalization;

namespace FastDays.Examples.Cli;

/// <summary>Parsed command-line arguments: --key value options, --flag switches and positional words.</summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _defaults = new(StringComparer.Ordinal);
    private string? _defaultsSource;

    /// <summary>Parses arguments; an option followed by another option or nothing is a flag.</summary>
    public CommandArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) _options[a[2..eq]] = a[(eq + 1)..];
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) _options[a[2..]] = args[++i];
                else _options[a[2..]] = null;
            }
            else Positionals.Add(a);
        }
    }

    /// <summary>The words that are not options, in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>Whether an option or flag was given.</summary>
    public bool Has(string name) { _read.Add(name); return _options.ContainsKey(name); }

    /// <summary>The string value of an option, or fallback when absent.</summary>
    public string? Get(string name, string? fallback = null)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return _defaults.GetValueOrDefault(name, fallback!) ?? fallback;
        return value ?? throw new ArgumentException($"option --{name} needs a value");
    }

    /// <summary>The integer value of an option, or fallback when absent.</summary>
    public int GetInt(string name, int fallback) =>
        Get(name) is { } s ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw Invalid(name, $"takes a whole number, not '{s}'") : fallback;

    /// <summary>The floating-point value of an option, or fallback when absent.</summary>
    public double GetDouble(string name, double fallback) =>
        Get(name) is { } s ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw Invalid(name, $"takes a number, not '{s}'") : fallback;

    /// <summary>A true/false option (a flag given without a value is true), or fallback when absent.</summary>
    public bool GetBool(string name, bool fallback)
    {
        _read.Add(name);
        if (_options.TryGetValue(name, out var flag) && flag is null) return true;
        return Get(name) is { } s ? s.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw Invalid(name, $"takes true or false, not '{s}'"),
        } : fallback;
    }

    /// <summary>A comma-separated list of whole numbers (a YAML list in a config), or fallback when absent.</summary>
    public int[] GetInts(string name, int[] fallback) =>
        Get(name) is { } s ? [.. s.Split(',').Select(v => int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
            : throw Invalid(name, $"takes whole numbers separated by commas, not '{s}'"))] : fallback;

    /// <summary>One of the allowed words, or fallback when absent.</summary>
    public string GetChoice(string name, string fallback, params string[] choices) =>
        Get(name, fallback) is { } s && choices.Contains(s, StringComparer.Ordinal) ? s : throw Invalid(name, $"must be one of {string.Join(", ", choices)}, not '{Get(name)}'");

    /// <summary>An error about an option's value that names where the value came from: the command line, or the config file and its key.</summary>
    public ArgumentException Invalid(string name, string problem) => new(_options.ContainsKey(name) || _defaultsSource is null || !_defaults.ContainsKey(name)
        ? $"option --{name} {problem}" : $"{_defaultsSource}: '{name.Replace('-', '_')}' {problem}");

    /// <summary>Reads --config FILE, else defaultPath when it exists, as fallback values; returns the file read or null.</summary>
    public string? UseConfig(string defaultPath)
    {
        var path = Get("config") ?? (File.Exists(defaultPath) ? defaultPath : null);
        if (path is not null) AddDefaults(ConfigFile.Load(path), path);
        return path;
    }

    /// <summary>Adds fallback values (from a config file named source) that options given on the command line override.</summary>
    public void AddDefaults(IReadOnlyDictionary<string, string> values, string source)
    {
        foreach (var (k, v) in values) _defaults[k] = v;
        _defaultsSource = source;
    }

    /// <summary>Throws when an option (or config key) was given that the command never asked about.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}");
        var unknownKeys = _defaults.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknownKeys.Count > 0) throw new ArgumentException($"{_defaultsSource}: unknown key(s): {string.Join(", ", unknownKeys)}");
    }
}
