using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FastDays.Examples.Cli;

/// <summary>Reads a flat YAML config (key: value per line) into option values named like the command-line options.</summary>
public static class ConfigFile
{
    /// <summary>The values of a YAML mapping of scalars; keys written with underscores match options written with dashes.</summary>
    public static Dictionary<string, string> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e) { throw new FormatException($"{path}: invalid YAML at line {e.Start.Line}: {e.Message}", e); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException)
        {
            throw new FormatException($"{path}: unreadable YAML ({e.Message})", e);
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0) return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode map) throw new FormatException($"{path}: expected a mapping of option: value");
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode
                ?? throw new FormatException($"{path}: line {key.Start.Line}: a key must be a plain word")).Value?.Replace('_', '-') ?? "";
            result[name] = value switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq => string.Join(',', seq.Children.Select(c => (c as YamlScalarNode)?.Value
                    ?? throw new FormatException($"{path}: '{name}' must be a list of plain values"))),
                _ => throw new FormatException($"{path}: '{name}' (line {key.Start.Line}) must be a plain value or a list"),
            };
        }
        return result;
    }
}
