using System.IO.Compression;

namespace FastDays.Persistence;

/// <summary>Reads the entries of a zip archive (FastDays checkpoints and exports, PyTorch's zip format) one at a time and only when asked, with the
/// sizes they claim checked against the file before anything is inflated, and every failure named with the file.</summary>
/// <remarks>An entry may claim at most MaxRatio times its compressed size, and all entries read from one archive together at most
/// MaxInflatedFactor times the file's size plus MaxInflatedSlack: a small file cannot inflate to gigabytes, however many entries it holds.</remarks>
public sealed class ZipReader : IDisposable
{
    /// <summary>The largest expansion deflate can give (about 1032:1); an entry claiming more than this over its compressed size is refused before
    /// anything is allocated.</summary>
    public const long MaxRatio = 1100;

    /// <summary>How many times its own size an archive may inflate to, over all entries read (legitimate files: under 4, with JSON compressed).</summary>
    public const long MaxInflatedFactor = 16;

    /// <summary>The inflated bytes every archive may have besides MaxInflatedFactor times its size (for highly compressible JSON in small files).</summary>
    public const long MaxInflatedSlack = 64L << 20;

    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly long _budget;
    private long _inflated;

    private ZipReader(string path, FileStream file, ZipArchive zip)
    {
        (Path, _file, _zip) = (path, file, zip);
        _budget = file.Length * MaxInflatedFactor + MaxInflatedSlack;
        foreach (var entry in zip.Entries)
            if (!_entries.TryAdd(entry.FullName, entry)) throw new InvalidDataException($"{path}: entry {entry.FullName} appears twice");
    }

    /// <summary>The archive's file.</summary>
    public string Path { get; }

    /// <summary>The names of the archive's entries, in the order of its directory.</summary>
    public IReadOnlyList<string> Names => [.. _zip.Entries.Select(e => e.FullName)];

    /// <summary>Opens a regular file as a zip archive (what names it in errors: "export file", "checkpoint"); a corrupt archive gives an
    /// InvalidDataException naming the file.</summary>
    public static ZipReader Open(string path, string what = "zip archive")
    {
        var file = SafeFile.OpenRead(path, what);
        try
        {
            var zip = Guard(path, () => new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true));
            try { return Guard(path, () => new ZipReader(path, file, zip)); }
            catch { zip.Dispose(); throw; }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Refuses the archive when an entry is not one its format has (format names the format in the message).</summary>
    public void RefuseUnknown(Func<string, bool> isKnown, string format)
    {
        ArgumentNullException.ThrowIfNull(isKnown);
        if (_entries.Keys.FirstOrDefault(n => !isKnown(n)) is { } unknown)
            throw new InvalidDataException($"{Path}: an entry '{Formats.Clip(unknown, 80)}' that {format} does not have; the file was altered or is " +
                $"not {format}");
    }

    /// <summary>Whether the archive has an entry of that name.</summary>
    public bool Has(string name) => _entries.ContainsKey(name);

    /// <summary>The bytes of one entry, or null when the archive has none of that name; an entry claiming an impossible size, a short entry, or
    /// more inflated bytes than the archive's budget give an InvalidDataException naming the file.</summary>
    public byte[]? Read(string name)
    {
        if (!_entries.TryGetValue(name, out var entry)) return null;
        var fileLength = _file.Length;
        var claimed = entry.Length;
        if (claimed < 0 || entry.CompressedLength > fileLength || claimed > Math.Max(entry.CompressedLength, 1) * MaxRatio || claimed > Array.MaxLength)
            throw new InvalidDataException($"{Path}: entry {name} claims {claimed} bytes from {entry.CompressedLength} compressed bytes of a " +
                $"{fileLength}-byte file");
        if (_inflated + claimed > _budget)
            throw new InvalidDataException($"{Path}: its entries claim more than {_budget:N0} bytes in all ({MaxInflatedFactor} times the " +
                $"{fileLength:N0}-byte file, plus {MaxInflatedSlack >> 20} MiB); a zip bomb?");
        _inflated += claimed;
        return Guard(Path, () =>
        {
            var bytes = new byte[claimed];
            using var s = entry.Open();
            var read = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != claimed || s.ReadByte() != -1)
                throw new InvalidDataException($"{Path}: entry {name} does not hold the {claimed} bytes it claims");
            return bytes;
        });
    }

    /// <summary>Closes the archive and its file.</summary>
    public void Dispose()
    {
        _zip.Dispose();
        _file.Dispose();
    }

    private static T Guard<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message})", e);
        }
    }
}
