namespace FastDays.Persistence;

/// <summary>Opens and reads files that users name — exports, checkpoints, weights, images, configs, tables — refusing what is not a regular file (a
/// FIFO would block forever, /dev/zero never ends) and bounding what is read, with every refusal naming the file.</summary>
public static class SafeFile
{
    /// <summary>Throws FileNotFoundException when path does not exist and InvalidDataException when it is not a regular file (a folder, a FIFO, a
    /// device or a socket); what says what the file was meant to be (such as "export file").</summary>
    public static void CheckRegular(string path, string what = "file")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path} is a folder, not {Article(what)}");
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} {path} does not exist", path);
        if (NativeStat.Stat(path) is { } stat)
        {
            if (stat.Type != NativeStat.Regular)
                throw new InvalidDataException($"{path} is {NativeStat.Describe(stat.Type)}, not a regular file; {Article(what)} must be a regular file");
        }
        else if (OperatingSystem.IsWindows() && (File.GetAttributes(path) & FileAttributes.Device) != 0)
            throw new InvalidDataException($"{path} is a device, not a regular file; {Article(what)} must be a regular file");
    }

    /// <summary>Opens a regular file for reading (CheckRegular first), shared with readers.</summary>
    public static FileStream OpenRead(string path, string what = "file", FileOptions options = FileOptions.None)
    {
        CheckRegular(path, what);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, options);
    }

    /// <summary>The bytes of a regular file of at most maxBytes; a longer file (or one that grows past the limit while read, as files under /proc
    /// can) is refused without reading it all.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what = "file")
    {
        using var stream = OpenRead(path, what);
        var length = stream.Length;
        if (length > maxBytes) throw TooLarge(path, what, length, maxBytes);
        if (length > 0)
        {
            var bytes = new byte[length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read == length && stream.ReadByte() == -1) return bytes;
            if (read < length) return bytes[..read];   // shrank while read
        }
        // A length of 0 says nothing for pseudo-files: read until the end, at most one byte past the limit.
        using var buffer = new MemoryStream();
        stream.Position = 0;
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxBytes) throw TooLarge(path, what, buffer.Length, maxBytes);
        }
        return buffer.ToArray();
    }

    /// <summary>The UTF-8 text of a regular file of at most maxBytes (see ReadAllBytes).</summary>
    public static string ReadAllText(string path, long maxBytes, string what = "file")
    {
        using var reader = new StreamReader(new MemoryStream(ReadAllBytes(path, maxBytes, what)), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Every file under a folder, recursively, following links to folders but never into a folder already walked (so a link to an
    /// ancestor cannot make the walk endless); where the system cannot tell folders apart (no statx), links to folders are not followed.</summary>
    public static IEnumerable<string> EnumerateFiles(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"folder {folder} does not exist");
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        var seen = new HashSet<(uint, uint, ulong)>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var dir))
        {
            if (NativeStat.Stat(dir) is { } stat)
            {
                if (!seen.Add(stat.Id)) continue;
            }
            else if (dir != folder && (File.GetAttributes(dir) & FileAttributes.ReparsePoint) != 0) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", options)) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir, "*", options).OrderDescending(StringComparer.Ordinal)) pending.Push(sub);
        }
    }

    private static InvalidDataException TooLarge(string path, string what, long length, long maxBytes) =>
        new($"{path} holds {(length > maxBytes + 1 ? $"{length:N0} bytes, " : "")}more than the {maxBytes:N0} bytes {Article(what)} may have");

    private static string Article(string what) => (what.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(what[0]), StringComparison.Ordinal) ? "an " : "a ")
        + what;
}
