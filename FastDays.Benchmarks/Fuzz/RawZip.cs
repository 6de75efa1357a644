using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FastDays.Benchmarks.Fuzz;

/// <summary>Writes zip archives byte by byte from entries already compressed, so that the fuzzer can add an entry of 64 MiB of zeros (a 64 KiB deflate
/// stream made once) to any mutant without deflating it again.</summary>
internal static class RawZip
{
    /// <summary>One entry: its name, whether its bytes are deflated, the CRC-32 and size of what they inflate to, and the bytes as stored.</summary>
    public sealed record Entry(string Name, bool Deflated, uint Crc, long Size, byte[] Data);

    /// <summary>An entry stored as is.</summary>
    public static Entry Stored(string name, byte[] data) => new(name, false, Crc32(data), data.Length, data);

    /// <summary>An entry of size zero bytes, deflated (computed once per size and kept).</summary>
    public static Entry Zeros(string name, long size)
    {
        var (crc, data) = ZeroCache.GetOrAdd(size, s =>
        {
            using var output = new MemoryStream();
            var chunk = new byte[1 << 20];
            using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
                for (var left = s; left > 0; left -= chunk.Length) deflate.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            var crc = 0u;
            for (var left = s; left > 0; left -= chunk.Length) crc = Crc32(chunk.AsSpan(0, (int)Math.Min(chunk.Length, left)), crc);
            return (crc, output.ToArray());
        });
        return new Entry(name, true, crc, size, data);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, (uint, byte[])> ZeroCache = new();

    /// <summary>The archive of these entries: local headers and data, the central directory and its end record (no ZIP64: sizes under 4 GiB).</summary>
    public static byte[] Write(IEnumerable<Entry> entries)
    {
        using var output = new MemoryStream();
        var central = new MemoryStream();
        var count = 0;
        foreach (var e in entries)
        {
            var name = Encoding.UTF8.GetBytes(e.Name);
            var offset = (uint)output.Position;
            Header(output, 0x04034b50, e, name, null);
            output.Write(e.Data);
            Header(central, 0x02014b50, e, name, offset);
            count++;
        }
        var directoryOffset = (uint)output.Position;
        central.Position = 0;
        central.CopyTo(output);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], directoryOffset);
        output.Write(end);
        return output.ToArray();
    }

    // A local file header (offset null) or a central directory header (offset of the local one).
    private static void Header(Stream s, uint signature, Entry e, byte[] name, uint? offset)
    {
        var central = offset is not null;
        Span<byte> h = stackalloc byte[central ? 46 : 30];
        BinaryPrimitives.WriteUInt32LittleEndian(h, signature);
        var at = central ? 6 : 4;                                   // central headers have "version made by" first
        if (central) BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(h[at..], 20);                                 // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 4)..], (ushort)(e.Deflated ? 8 : 0)); // method
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 8)..], 0x21);                         // date: 1 January 1980
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 10)..], e.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 14)..], (uint)e.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 18)..], (uint)e.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 22)..], (ushort)name.Length);
        if (central) BinaryPrimitives.WriteUInt32LittleEndian(h[42..], offset!.Value);
        s.Write(h);
        s.Write(name);
    }

    /// <summary>The CRC-32 (ISO-HDLC, zip's) of data, continuing from crc.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc = ~crc;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static readonly uint[] Table = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    })];
}
