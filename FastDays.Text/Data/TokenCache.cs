using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FastDays.Persistence;
using FastDays.Text.Tokenization;

namespace FastDays.Text.Data;

/// <summary>fastai's tokenize_folder: the text files of a folder tokenized in parallel once and kept on disk beside it (FOLDER_tok/tokens.jsonl, one
/// line per file with its size, time and tokens), so later runs read tokens instead of re-tokenizing; a file that changed, or one a killed run did
/// not reach, is tokenized again, and a different tokenizer starts the cache over.</summary>
public static class TokenCache
{
    /// <summary>The name of the cache file in the output folder.</summary>
    public const string FileName = "tokens.jsonl";

    /// <summary>The tokens of every text file (extension .txt unless given) under the subfolders folders of path (all of path when null), keyed by
    /// the path relative to path with '/' separators, in ordinal order; cached under outputDir (path + "_tok" when null). A file that cannot be read
    /// or tokenized is an InvalidDataException naming it.</summary>
    public static IReadOnlyDictionary<string, string[]> TokenizeFolder(this Tokenizer tokenizer, string path, IReadOnlyList<string>? folders = null,
        string? outputDir = null, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(path);
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{path}: no such folder of texts");
        var exts = extensions ?? [".txt"];
        var files = (folders ?? [""]).SelectMany(f => Files(root, f, exts)).Distinct().Order(StringComparer.Ordinal).ToList();
        var cacheFile = Path.Combine(outputDir ?? root.TrimEnd(Path.DirectorySeparatorChar) + "_tok", FileName);
        var identity = Identity(tokenizer);
        var cached = Read(cacheFile, identity);
        var result = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        var stale = new List<(string Relative, long Size, long Time)>();
        foreach (var relative in files)
        {
            var info = new FileInfo(Path.Combine(root, relative));
            var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
            if (cached.TryGetValue(relative, out var hit) && (hit.Size, hit.Time) == stamp) result[relative] = hit;
            else stale.Add((relative, stamp.Length, stamp.Ticks));
        }
        if (stale.Count > 0 || cached.Count != files.Count)
        {
            try
            {
                Parallel.ForEach(stale, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
                    result[f.Relative] = new Entry(f.Size, f.Time, [.. tokenizer.Tokenize(Path.Combine(root, f.Relative))]));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            Write(cacheFile, identity, files.Select(f => (f, result[f])));
        }
        return files.ToDictionary(f => f, f => result[f].Tokens, StringComparer.Ordinal);
    }

    private static IEnumerable<string> Files(string root, string folder, IReadOnlyList<string> exts)
    {
        var dir = Path.Combine(root, folder);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder of texts");
        return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => exts.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'));
    }

    // What makes tokens differ: the word tokenizer's type and the rules in order.
    private static string Identity(Tokenizer tokenizer) => string.Join(";", [tokenizer.Tok.GetType().FullName,
        .. tokenizer.Rules.Select(r => r.Method.Name), "|", .. tokenizer.PostRules.Select(r => r.Method.Name)]);

    private sealed record Entry(long Size, long Time, string[] Tokens);

    private static Dictionary<string, Entry> Read(string cacheFile, string identity)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (!File.Exists(cacheFile)) return entries;
        try
        {
            using var reader = new StreamReader(cacheFile, new UTF8Encoding(false, throwOnInvalidBytes: true));
            using (var header = JsonDocument.Parse(reader.ReadLine() ?? "{}"))
                if (!header.RootElement.TryGetProperty("tokenizer", out var tok) || tok.GetString() != identity) return entries;
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal);   // one string per distinct token
            while (reader.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                var list = e.GetProperty("tokens").EnumerateArray().Select(t => Intern(tokens, t.GetString()!)).ToArray();
                entries[e.GetProperty("file").GetString()!] = new Entry(e.GetProperty("size").GetInt64(), e.GetProperty("time").GetInt64(), list);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or DecoderFallbackException or FormatException)
        {
            return [];   // a damaged cache is rebuilt, never trusted
        }
        return entries;
    }

    private static string Intern(Dictionary<string, string> tokens, string token)
    {
        if (tokens.TryGetValue(token, out var known)) return known;
        tokens[token] = token;
        return token;
    }

    private static void Write(string cacheFile, string identity, IEnumerable<(string File, Entry Entry)> entries) => AtomicFile.Write(cacheFile, stream =>
    {
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var header = new Utf8JsonWriter(stream, options))
        {
            header.WriteStartObject();
            header.WriteString("tokenizer", identity);
            header.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        foreach (var (file, entry) in entries)
        {
            using (var w = new Utf8JsonWriter(stream, options))
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteNumber("size", entry.Size);
                w.WriteNumber("time", entry.Time);
                w.WriteStartArray("tokens");
                foreach (var t in entry.Tokens) w.WriteStringValue(t);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    });
}
