using System.Buffers.Binary;
using System.IO.Compression;

namespace FastDays.Examples.Fuzz;

/// <summary>Seeded mutations of a file's bytes: bit flips, truncation, duplicated and deleted ranges, absurd integers, and — inside zip archives —
/// the same on one entry, or absurd sizes in the central directory.</summary>
public static class Mutator
{
    private static readonly ulong[] Absurd =
        [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, ulong.MaxValue,
            unchecked((ulong)-2L)];

    /// <summary>A mutant of data drawn from rng, with a description of what was done.</summary>
    public static (byte[] Data, string What) Mutate(byte[] data, Random rng)
    {
        var isZip = data.Length > 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
        var kind = rng.Next(isZip ? 7 : 5);
        return kind switch
        {
            5 => MutateEntry(data, rng),
            6 => PatchDirectorySize(data, rng),
            _ => Raw(data, rng, kind),
        };
    }

    private static (byte[], string) Raw(byte[] data, Random rng, int kind)
    {
        if (data.Length == 0) return ([0], "one byte");
        switch (kind)
        {
            case 0:
            {
                var copy = (byte[])data.Clone();
                var n = rng.Next(1, 9);
                for (var i = 0; i < n; i++) copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
                return (copy, $"{n} bit flips");
            }
            case 1:
            {
                var length = rng.Next(data.Length);
                return (data[..length], $"truncated to {length} of {data.Length} bytes");
            }
            case 2:
            {
                var (start, length) = Range(data.Length, rng);
                var at = rng.Next(data.Length + 1);
                return ([.. data[..at], .. data.AsSpan(start, length), .. data[at..]], $"bytes {start}+{length} copied to {at}");
            }
            case 3:
            {
                var (start, length) = Range(data.Length, rng);
                return ([.. data[..start], .. data[(start + length)..]], $"bytes {start}+{length} deleted");
            }
            default:
            {
                var copy = (byte[])data.Clone();
                var width = new[] { 1, 2, 4, 8 }[rng.Next(4)];
                if (copy.Length < width) return (copy, "too short for an integer");
                var at = rng.Next(copy.Length - width + 1);
                var value = Absurd[rng.Next(Absurd.Length)];
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
                bytes[..width].CopyTo(copy.AsSpan(at));
                return (copy, $"0x{value:x} written as {width} bytes at {at}");
            }
        }
    }

    private static (int Start, int Length) Range(int size, Random rng)
    {
        var start = rng.Next(size);
        return (start, rng.Next(1, Math.Min(size - start, 4096) + 1));
    }

    private static (byte[], string) MutateEntry(byte[] data, Random rng)
    {
        // Mutate the content of one entry and zip it again, so the damage passes the zip layer's checks and reaches the reader.
        try
        {
            using var input = new ZipArchive(new MemoryStream(data), ZipArchiveMode.Read);
            var entries = input.Entries.Select(e => (e.FullName, Bytes: ReadEntry(e))).ToList();
            var pick = rng.Next(entries.Count);
            var (mutant, what) = Raw(entries[pick].Bytes, rng, rng.Next(5));
            var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                for (var i = 0; i < entries.Count; i++)
                {
                    using var s = zip.CreateEntry(entries[i].FullName, CompressionLevel.NoCompression).Open();
                    s.Write(i == pick ? mutant : entries[i].Bytes);
                }
            return (output.ToArray(), $"entry {entries[pick].FullName}: {what}");
        }
        catch (InvalidDataException) { return Raw(data, rng, 0); }
    }

    private static byte[] ReadEntry(ZipArchiveEntry e)
    {
        using var s = e.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static (byte[], string) PatchDirectorySize(byte[] data, Random rng)
    {
        // The sizes a zip's central directory claims for an entry (compressed at +20, uncompressed at +24), set to something absurd.
        var headers = new List<int>();
        for (var i = 0; i + 46 <= data.Length; i++)
            if (data[i] == 'P' && data[i + 1] == 'K' && data[i + 2] == 1 && data[i + 3] == 2) headers.Add(i);
        if (headers.Count == 0) return Raw(data, rng, 4);
        var copy = (byte[])data.Clone();
        var at = headers[rng.Next(headers.Count)] + (rng.Next(2) == 0 ? 20 : 24);
        var value = (uint)Absurd[rng.Next(Absurd.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return (copy, $"central directory size field at {at} set to {value}");
    }
}
