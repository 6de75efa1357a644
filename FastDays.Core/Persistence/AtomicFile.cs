namespace FastDays.Persistence;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so a failed write never replaces what was there.</summary>
public static class AtomicFile
{
    /// <summary>Writes path by calling write on a temporary file, flushing it to disk, then renaming it over path.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { /* best effort: the original error matters */ }
            throw;
        }
    }
}
