using FastDays.Persistence;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FastDays.Examples.Cli;

/// <summary>Reads a flat YAML config (key: value per line, a value may be a list) into option values named like the command-line options.</summary>
/// <remarks>The file is read as a stream of parser events, never as a tree: anything nested is refused at its first level, so no input can make the
/// reader recurse, and a second document or a repeated key is an error rather than silently ignored.</remarks>
internal static class ConfigFile
{
    /// <summary>The largest config file read (1 MiB: a config is a few hundred bytes).</summary>
    public const long MaxBytes = 1 << 20;

    /// <summary>The values of a YAML mapping of scalars and lists of scalars; keys written with underscores match options written with dashes.</summary>
    public static Dictionary<string, string> Load(string path)
    {
        var text = SafeFile.ReadAllText(path, MaxBytes, "config file");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return result;
            parser.Consume<DocumentStart>();
            if (parser.TryConsume<Scalar>(out var lone) && lone.Value.Length == 0) parser.Consume<DocumentEnd>();   // an empty document
            else if (lone is not null) throw new FormatException($"{path}: expected a mapping of option: value, not '{Formats.Clip(lone.Value)}'");
            else
            {
                if (!parser.TryConsume<MappingStart>(out _)) throw Nested(path, parser.Current, "the file", "a mapping of option: value");
                var lines = new Dictionary<string, long>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = parser.TryConsume<Scalar>(out var k) ? k : throw Nested(path, parser.Current, "a key", "a plain word");
                    var name = key.Value.Replace('_', '-');
                    if (!lines.TryAdd(name, key.Start.Line))
                        throw new FormatException($"{path}: '{Formats.Clip(key.Value)}' is given twice (lines {lines[name]} and {key.Start.Line})");
                    result[name] = Value(parser, path, key.Value);
                }
                parser.Consume<DocumentEnd>();
            }
            if (!parser.Accept<StreamEnd>(out _))
                throw new FormatException($"{path}: a second YAML document at line {parser.Current?.Start.Line}; a config is one document");
        }
        catch (YamlException e) { throw new FormatException($"{path}: invalid YAML at line {e.Start.Line}: {Formats.Clip(e.Message, 200)}", e); }
        catch (InvalidOperationException e) { throw new FormatException($"{path}: unreadable YAML ({Formats.Clip(e.Message, 200)})", e); }
        return result;
    }

    // A value: a scalar, or a flat list of scalars joined with commas as the command line writes lists.
    private static string Value(Parser parser, string path, string key)
    {
        if (parser.TryConsume<Scalar>(out var scalar)) return scalar.Value;
        if (!parser.TryConsume<SequenceStart>(out _)) throw Nested(path, parser.Current, $"'{Formats.Clip(key)}'", "a plain value or a list");
        var items = new List<string>();
        while (!parser.TryConsume<SequenceEnd>(out _))
            items.Add(parser.TryConsume<Scalar>(out var item) ? item.Value : throw Nested(path, parser.Current, $"'{Formats.Clip(key)}'",
                "a list of plain values"));
        return string.Join(',', items);
    }

    private static FormatException Nested(string path, ParsingEvent? at, string what, string expected) =>
        new($"{path}: line {at?.Start.Line}: {what} must be {expected}");
}
