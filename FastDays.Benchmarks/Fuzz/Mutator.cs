using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastDays.Benchmarks.Fuzz;

/// <summary>Seeded mutations of a file's bytes: bit flips, truncation, duplicated and deleted ranges, absurd integers, and — inside zip archives —
/// the same on one entry, or absurd sizes in the central directory.</summary>
internal static class Mutator
{
    private static readonly ulong[] Absurd =
        [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, ulong.MaxValue,
            unchecked((ulong)-2L)];

    /// <summary>A mutant of data drawn from rng, with a description of what was done; besides the byte-level mutations, a zip archive may get entries
    /// that inflate to 64 MiB each or a JSON field set out of range, a PNG extreme proportions, and a YAML file deep nesting.</summary>
    public static (byte[] Data, string What) Mutate(byte[] data, Random rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        var isZip = data.Length > 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
        var isPng = data.Length > 24 && data[0] == 0x89 && data[1] == 'P' && data[12] == 'I' && data[13] == 'H';
        var isYaml = !isZip && !isPng && data.Length > 0 && data.All(b => b is (byte)'\n' or >= 0x20 and < 0x7F);
        var kind = rng.Next(isZip ? 9 : isPng || isYaml ? 6 : 5);
        return (kind, isZip, isPng) switch
        {
            (5, true, _) => MutateEntry(data, rng),
            (6, true, _) => PatchDirectorySize(data, rng),
            (7, true, _) => AddInflatingEntries(data, rng),
            (8, true, _) => JsonFieldOutOfRange(data, rng),
            (5, _, true) => ExtremeProportions(data, rng),
            (5, _, _) => DeepNesting(data, rng),
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

    private static List<(string Name, byte[] Bytes)>? Entries(byte[] data)
    {
        try
        {
            using var input = new ZipArchive(new MemoryStream(data), ZipArchiveMode.Read);
            return [.. input.Entries.Select(e => (e.FullName, ReadEntry(e)))];
        }
        catch (InvalidDataException) { return null; }
    }

    private static (byte[], string) AddInflatingEntries(byte[] data, Random rng)
    {
        // One to four entries of 64 MiB of zeros (64 KiB deflated each): new names the format does not have, or in place of its own entries.
        if (Entries(data) is not { } entries) return Raw(data, rng, 0);
        var n = rng.Next(1, 5);
        var bombs = Enumerable.Range(0, n).Select(k => rng.Next(2) == 0 || entries.Count == 0 ? $"extra{k}.bin" : entries[rng.Next(entries.Count)].Name)
            .Distinct(StringComparer.Ordinal).ToList();
        var output = entries.Where(e => !bombs.Contains(e.Name)).Select(e => RawZip.Stored(e.Name, e.Bytes))
            .Concat(bombs.Select(b => RawZip.Zeros(b, 64L << 20)));
        return (RawZip.Write(output), $"{string.Join(", ", bombs)} inflating to 64 MiB each");
    }

    private static (byte[], string) JsonFieldOutOfRange(byte[] data, Random rng)
    {
        // A number of a JSON entry (export.json, meta.json) set to something no writer writes, or a list of numbers cut short or grown.
        if (Entries(data) is not { } entries || !entries.Any(e => e.Name.EndsWith(".json", StringComparison.Ordinal))) return Raw(data, rng, 0);
        var pick = entries.FindIndex(e => e.Name.EndsWith(".json", StringComparison.Ordinal));
        JsonNode? root;
        try { root = JsonNode.Parse(entries[pick].Bytes); }
        catch (JsonException) { return Raw(data, rng, 0); }
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o: foreach (var (_, v) in o) Walk(v); break;
                case JsonArray a: nodes.Add(a); foreach (var v in a) Walk(v); break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.Number: nodes.Add(v); break;
            }
        }
        Walk(root);
        if (nodes.Count == 0) return Raw(data, rng, 0);
        var target = nodes[rng.Next(nodes.Count)];
        string what;
        if (target is JsonArray array)
        {
            if (rng.Next(2) == 0 && array.Count > 0) array.RemoveAt(rng.Next(array.Count));
            else array.Add(JsonValue.Create(AbsurdNumbers[rng.Next(AbsurdNumbers.Length)]));
            what = $"{target.GetPath()} resized to {array.Count}";
        }
        else
        {
            var value = AbsurdNumbers[rng.Next(AbsurdNumbers.Length)];
            what = $"{target.GetPath()} = {value}";
            target.ReplaceWith(JsonValue.Create(value));
        }
        entries[pick] = (entries[pick].Name, Encoding.UTF8.GetBytes(root!.ToJsonString()));
        return (RawZip.Write(entries.Select(e => RawZip.Stored(e.Name, e.Bytes))), $"{entries[pick].Name}: {what}");
    }

    private static readonly double[] AbsurdNumbers = [-1, -7, -2147483648, 2147483647, 2e9, 1e18, 1e300, 0, 1048576, 65536, 0.5];

    private static (byte[], string) ExtremeProportions(byte[] data, Random rng)
    {
        // The PNG header's width and height set to a long thin shape (with its CRC made right again, so the decoder reads on).
        var copy = (byte[])data.Clone();
        var side = (uint)rng.Next(1, 4);
        var length = (uint)rng.Next(10_000, 2_000_000);
        var (w, h) = rng.Next(2) == 0 ? (length, side) : (side, length);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), w);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), h);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), RawZip.Crc32(copy.AsSpan(12, 17)));
        return (copy, $"IHDR {w} × {h}");
    }

    private static (byte[], string) DeepNesting(byte[] data, Random rng)
    {
        // Brackets or flow mappings nested up to 100,000 deep, inserted at a random place.
        var depth = rng.Next(1, 100_001);
        var (open, close) = rng.Next(2) == 0 ? ("[", "]") : ("{a: ", "}");
        var nest = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, rng.Next(depth + 1))));
        var at = rng.Next(data.Length + 1);
        return ([.. data[..at], .. nest, .. data[at..]], $"{depth} × '{open.Trim()}' at {at}");
    }
}
