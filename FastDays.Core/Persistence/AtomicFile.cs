using System.Diagnostics;
using System.Globalization;

namespace FastDays.Persistence;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so a failed or killed write never replaces what was there.</summary>
public static class AtomicFile
{
    /// <summary>Writes path by calling write on a temporary file, flushing it to disk, then renaming it over path; an I/O failure (a full disk) names
    /// the file and the cause.</summary>
    /// <remarks>Temporary files are named .NAME.PID.GUID.tmp; with removeStale (for files saved again and again, such as checkpoints), ones left
    /// by a process that was killed while writing the same file are deleted first (it lists the folder, so bulk writers of many files leave it off).</remarks>
    public static void Write(string path, Action<Stream> write, bool removeStale = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileName(full);
        Directory.CreateDirectory(dir);
        if (removeStale) DeleteStaleTemporaries(dir, name);
        var tmp = System.IO.Path.Combine(dir, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(tmp); } catch (IOException) { /* best effort: the original error matters */ }
            if (e is IOException or UnauthorizedAccessException)
                throw new IOException($"{full}: not written ({e.Message}); the previous file, if any, is unchanged", e);
            throw;
        }
    }

    /// <summary>Writes bytes to path atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>The temporary files of path that a dead process left behind (what a later Write deletes).</summary>
    public static IReadOnlyList<string> StaleTemporaries(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full)!;
        return Directory.Exists(dir) ? [.. Temporaries(dir, System.IO.Path.GetFileName(full)).Where(t => !IsAlive(t.Pid)).Select(t => t.File)] : [];
    }

    private static void DeleteStaleTemporaries(string dir, string name)
    {
        foreach (var (file, pid) in Temporaries(dir, name))
            if (!IsAlive(pid))
                try { File.Delete(file); } catch (IOException) { /* another writer cleaned it up first */ }
    }

    private static IEnumerable<(string File, int Pid)> Temporaries(string dir, string name)
    {
        foreach (var file in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var parts = System.IO.Path.GetFileName(file)[(name.Length + 2)..].Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) yield return (file, pid);
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }   // no such process
        catch (InvalidOperationException) { return false; }
    }
}
