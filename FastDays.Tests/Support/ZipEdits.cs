using System.IO.Compression;

namespace FastDays.Tests.Support;

/// <summary>Copies of zip archives (exports, checkpoints, .pt files) with entries edited, or replaced and added by deflated runs of one byte value, to
/// make hostile files from real ones.</summary>
public static class ZipEdits
{
    /// <summary>Writes target as a copy of source, every entry stored; edit may give a writer for an entry (from its bytes to the new ones), and each
    /// filled entry (name, size, value) replaces or joins the others as size bytes of value, deflated (1 GiB of zeros is 1 MB).</summary>
    public static string Copy(string source, string target, Func<string, Action<Stream, Stream>?>? edit = null,
        params (string Name, long Size, byte Fill)[] filled)
    {
        using (var input = ZipFile.OpenRead(source))
        using (var output = ZipFile.Open(target, ZipArchiveMode.Create))
        {
            foreach (var e in input.Entries.Where(e => filled.All(f => f.Name != e.FullName)))
            {
                using var from = e.Open();
                using var to = output.CreateEntry(e.FullName, CompressionLevel.NoCompression).Open();
                if (edit?.Invoke(e.FullName) is { } write) write(from, to);
                else from.CopyTo(to);
            }
            var chunk = new byte[1 << 20];
            foreach (var (name, size, fill) in filled)
            {
                Array.Fill(chunk, fill);
                using var to = output.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                for (var left = size; left > 0; left -= chunk.Length) to.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }
        return target;
    }
}
