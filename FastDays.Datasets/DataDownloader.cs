using System.Security.Cryptography;
using FastDays.Persistence;

namespace FastDays.Datasets;

/// <summary>Downloads a file with checksum verification, moving it into place only when it is whole and correct.</summary>
public static class DataDownloader
{
    /// <summary>Downloads url to destination, verifying its MD5; on any failure no file is left at destination or beside it.</summary>
    /// <remarks>The body goes to an AtomicFile temporary and is checked there, so only a whole, verified download is renamed into place.</remarks>
    public static void Download(Uri url, string destination, string md5, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            AtomicFile.Write(destination, file => Fetch(url, file, md5, timeout));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new IOException($"download of {url} failed: {e.Message}", e);
        }
    }

    private static void Fetch(Uri url, Stream file, string md5, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = timeout };
        using var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
            throw new IOException($"download of {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        using var body = response.Content.ReadAsStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
        {
            file.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        if (response.Content.Headers.ContentLength is { } length && length != total)
            throw new IOException($"download of {url} was cut off: {total} of {length} bytes arrived");
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"download of {url} has MD5 {actual}, expected {md5}; the file was discarded");
    }
}
