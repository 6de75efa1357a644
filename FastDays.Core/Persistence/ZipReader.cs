using System.IO.Compression;

namespace FastDays.Persistence;

/// <summary>Reads every entry of a zip archive (FastDays checkpoints and exports, PyTorch's zip format) with the sizes it claims checked against the
/// file, and every failure named with the file.</summary>
public static class ZipReader
{
    /// <summary>The largest expansion deflate can give (about 1032:1); an entry claiming more than this over its compressed size is refused before
    /// anything is allocated.</summary>
    private const long MaxRatio = 1100;

    /// <summary>The entries by full name with their bytes; a corrupt archive, an entry claiming an impossible size or a short entry gives an
    /// InvalidDataException naming the file.</summary>
    public static Dictionary<string, byte[]> ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        var fileLength = new FileInfo(path).Length;
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries)
            {
                var claimed = entry.Length;
                if (claimed < 0 || entry.CompressedLength > fileLength || claimed > Math.Max(entry.CompressedLength, 1) * MaxRatio || claimed > Array.MaxLength)
                    throw new InvalidDataException($"{path}: entry {entry.FullName} claims {claimed} bytes from {entry.CompressedLength} " +
                        $"compressed bytes of a {fileLength}-byte file");
                var bytes = new byte[claimed];
                using (var s = entry.Open())
                {
                    var read = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                    if (read != claimed || s.ReadByte() != -1)
                        throw new InvalidDataException($"{path}: entry {entry.FullName} does not hold the {claimed} bytes it claims");
                }
                if (!entries.TryAdd(entry.FullName, bytes)) throw new InvalidDataException($"{path}: entry {entry.FullName} appears twice");
            }
            return entries;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message})", e);
        }
    }
}
