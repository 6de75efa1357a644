using System.Buffers.Binary;
using System.IO.Compression;

namespace FastDays.Tests.Support;

/// <summary>Hostile images: a valid PNG whose header claims far more pixels than its tiny body holds.</summary>
public static class ImageBombs
{
    /// <summary>A PNG of a few hundred bytes whose header (with a valid CRC) says width × height RGB pixels.</summary>
    public static byte[] Png(uint width, uint height)
    {
        var ihdr = new byte[17];
        "IHDR"u8.CopyTo(ihdr);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(8), height);
        (ihdr[12], ihdr[13]) = (8, 2);
        byte[] idat = [.. "IDAT"u8, .. ZLib(new byte[1000])];
        return [0x89, .. "PNG\r\n\x1a\n"u8, .. Be32(13), .. ihdr, .. Be32(Crc32(ihdr)), .. Be32((uint)idat.Length - 4), .. idat, .. Be32(Crc32(idat)),
            .. Be32(0), .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82];
    }

    private static byte[] ZLib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return output.ToArray();
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] Be32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }
}
