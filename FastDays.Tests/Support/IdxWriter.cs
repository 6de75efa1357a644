using System.Buffers.Binary;
using System.IO.Compression;

namespace FastDays.Tests.Support;

/// <summary>Writes small IDX files (gzip'ed) for tests.</summary>
public static class IdxWriter
{
    /// <summary>Writes count images of rows×cols whose pixels are (i + j) mod 256, and labels i mod 10.</summary>
    public static (byte[] Pixels, byte[] Labels) WritePair(string imagesPath, string labelsPath, int count, int rows = 28, int cols = 28)
    {
        var pixels = new byte[count * rows * cols];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 256);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        Write(imagesPath, [.. header, .. pixels]);
        var labelHeader = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(labelHeader, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(labelHeader.AsSpan(4), count);
        Write(labelsPath, [.. labelHeader, .. labels]);
        return (pixels, labels);
    }

    /// <summary>Writes bytes gzip-compressed.</summary>
    public static void Write(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(content);
    }
}
