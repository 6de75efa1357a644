using System.Text;
using System.Text.RegularExpressions;
using FastDays.Text.Tokenization;

namespace FastDays.Text.Data;

/// <summary>Reading text files for tokenizing: strict UTF-8 (a byte order mark is skipped), a bound on a file's size, and errors that name the file —
/// invalid bytes, a file too large, a text the rules cannot finish in time.</summary>
public static class TextFiles
{
    /// <summary>The largest file read as one text (64 MiB): a document larger than this is refused before it is read.</summary>
    public const long MaxBytes = 64L << 20;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of a file, decoded as strict UTF-8.</summary>
    public static string Read(string path, long maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such text file", path);
        if (info.Length > maxBytes)
            throw new InvalidDataException($"{path}: {info.Length:N0} bytes, more than the {maxBytes:N0} a text may hold; split it into documents");
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;   // a UTF-8 byte order mark
        try { return Strict.GetString(bytes, start, bytes.Length - start); }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not UTF-8 (invalid bytes at offset {start + e.Index}: {Convert.ToHexString(e.BytesUnknown ?? [])})", e);
        }
    }

    /// <summary>The tokens of a file's text; a file that cannot be read or whose text the rules cannot finish in time is an error naming it.</summary>
    public static IReadOnlyList<string> Tokenize(this Tokenizer tokenizer, string path)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var text = Read(path);
        try { return tokenizer.Encode(text); }
        catch (RegexMatchTimeoutException e)
        {
            throw new InvalidDataException($"{path}: the text rules did not finish within {e.MatchTimeout.TotalSeconds:F0} s on this text", e);
        }
    }
}
