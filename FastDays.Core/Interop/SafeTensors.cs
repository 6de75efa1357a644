using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header, then the raw tensor bytes.</summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB), so a corrupt length cannot make the reader allocate without bound.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private static readonly Dictionary<string, ScalarType> Types = new(StringComparer.Ordinal)
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32, ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>The tensors of a safetensors file, in header order, after checking sizes, offsets (in range, no overlap, no holes) and dtypes.</summary>
    public static OrderedDictionary<string, Tensor> Read(string path)
    {
        var file = SafeFile.ReadAllBytes(path, Array.MaxLength, "safetensors file");
        if (file.Length < 8) throw new InvalidDataException($"{path}: {file.Length} bytes is too short for a safetensors file");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        CheckHeaderLength(path, headerLength, file.Length);
        JsonObject header;
        try { header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))?.AsObject() ?? throw new InvalidDataException($"{path}: empty header"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: the header is not valid JSON ({e.Message})", e); }
        var dataStart = 8 + (long)headerLength;
        var dataLength = file.LongLength - dataStart;
        var entries = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
        try
        {
            foreach (var (name, node) in header) entries.AddRange(Entry(path, name, node, dataLength));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: a malformed header entry ({e.Message})", e);
        }
        var position = 0L;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < position) throw new InvalidDataException($"{path}: tensor '{e.Name}' overlaps the tensor before it (offset {e.Begin} < {position})");
            if (e.Begin > position) throw new InvalidDataException($"{path}: the data has a hole before tensor '{e.Name}' (bytes {position}..{e.Begin})");
            position = e.End;
        }
        if (position != dataLength) throw new InvalidDataException($"{path}: {dataLength - position} data bytes after the last tensor belong to none");
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var t = empty(e.Shape, e.DType);
            t.bytes = file.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin));
            result[e.Name] = t;
        }
        return result;
    }

    /// <summary>The string metadata of a safetensors file's header (__metadata__), empty when it has none; only the header is read.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = SafeFile.OpenRead(path, "safetensors file", FileOptions.None);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) throw new InvalidDataException($"{path}: too short for a safetensors file");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        CheckHeaderLength(path, headerLength, stream.Length);
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        try
        {
            var meta = JsonNode.Parse(header)?["__metadata__"] as JsonObject;
            return meta is null ? new Dictionary<string, string>()
                : meta.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the header's metadata is not valid ({e.Message})", e);
        }
    }

    // The header must fit in the file after its 8-byte length, and within the bound.
    private static void CheckHeaderLength(string path, ulong headerLength, long fileLength)
    {
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
            throw new InvalidDataException($"{path}: header length {headerLength} is larger than the file ({fileLength} bytes) or the " +
                $"{MaxHeaderBytes}-byte limit");
    }

    private static IEnumerable<(string Name, ScalarType DType, long[] Shape, long Begin, long End)> Entry(string path, string name, JsonNode? node,
        long dataLength)
    {
        if (name == "__metadata__") yield break;
        var what = $"{path}: tensor '{name}'";
        var o = node as JsonObject ?? throw new InvalidDataException($"{what}: not an object in the header");
        var dtypeName = o["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"{what}: no dtype");
        if (!Types.TryGetValue(dtypeName, out var dtype)) throw new InvalidDataException($"{what}: unsupported dtype {dtypeName}");
        long[] shape = [.. (o["shape"] as JsonArray ?? throw new InvalidDataException($"{what}: no shape")).Select(d => d!.GetValue<long>())];
        var offsets = o["data_offsets"] as JsonArray ?? throw new InvalidDataException($"{what}: no data_offsets");
        if (offsets.Count != 2) throw new InvalidDataException($"{what}: data_offsets must have two numbers");
        var (begin, end) = (offsets[0]!.GetValue<long>(), offsets[1]!.GetValue<long>());
        if (shape.Any(d => d < 0)) throw new InvalidDataException($"{what}: negative dimension in {Formats.List(shape)}");
        if (begin < 0 || end < begin || end > dataLength)
            throw new InvalidDataException($"{what}: offsets [{begin}, {end}) are outside the {dataLength} data bytes");
        var expected = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * PyTorchFile.ElementSize(dtype));
        if (end - begin != expected)
            throw new InvalidDataException($"{what}: {end - begin} bytes for shape {Formats.List(shape)} of {dtypeName} ({expected} expected)");
        yield return (name, dtype, shape, begin, end);
    }

    /// <summary>Writes tensors (made contiguous, on the CPU) to a safetensors file atomically, with optional string metadata.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var dtypeName = Types.FirstOrDefault(kv => kv.Value == tensor.dtype).Key ??
                throw new ArgumentException($"tensor '{name}': dtype {tensor.dtype} has no safetensors equivalent");
            using var cpu = tensor.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = dtypeName,
                ["shape"] = new JsonArray([.. cpu.shape.Select(d => (JsonNode?)JsonValue.Create(d))]),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes.Length)),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = new byte[(json.Length + 7) / 8 * 8];
        Array.Fill(padded, (byte)' ');
        json.CopyTo(padded, 0);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded.Length);
            stream.Write(length);
            stream.Write(padded);
            foreach (var blob in blobs) stream.Write(blob);
        });
    }
}
