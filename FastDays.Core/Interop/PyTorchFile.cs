using System.Numerics;
using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>Reads files written by torch.save — the zip format (1.6+) and the legacy format — without Python, executing nothing.</summary>
public static class PyTorchFile
{
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The object a torch.save file holds: dicts as OrderedDictionary&lt;object, object?&gt;, lists, tuples (object?[]), numbers, strings
    /// and tensors.</summary>
    public static object? Load(string path)
    {
        var head = new byte[4];
        using (var f = Persistence.SafeFile.OpenRead(path, "weights file"))
        {
            if (f.Length == 0) throw new InvalidDataException($"{path}: the file is empty");
            f.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        }
        if (head is [(byte)'P', (byte)'K', 3, 4]) return LoadZip(path);
        if (head is [0x80, _, 0x8a, 0x0a]) return LoadLegacy(path);
        throw new InvalidDataException($"{path}: not a PyTorch file (neither the zip format nor the legacy pickle format)");
    }

    private static object? LoadZip(string path)
    {
        // Only what torch.load reads is inflated: data.pkl, byteorder, and the storages the pickle refers to.
        using var zip = Persistence.ZipReader.Open(path, "weights file");
        var pkl = zip.Names.Where(name => name.EndsWith("data.pkl", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidDataException($"{path}: a zip archive without data.pkl (not written by torch.save)");
        var prefix = pkl[..^"data.pkl".Length];
        var bigEndian = zip.Read(prefix + "byteorder") is { } order && order.AsSpan().SequenceEqual("big"u8);
        var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            Tensor Resolve(StorageRef r)
            {
                if (storages.TryGetValue(r.Key, out var t)) return t;
                var bytes = zip.Read($"{prefix}data/{r.Key}") ??
                    throw new InvalidDataException($"{path}: storage '{r.Key}' is missing from the archive");
                var size = ElementSize(r.DType);
                if (bytes.Length % size != 0)
                    throw new InvalidDataException($"{path}: storage '{r.Key}' of {bytes.Length} bytes is not a whole number of {r.DType} elements");
                return storages[r.Key] = FromBytes(bytes, r.DType, bytes.Length / size, bigEndian, $"{path}: storage '{r.Key}'");
            }
            using var stream = new MemoryStream(zip.Read(pkl)!, writable: false);
            var root = new PickleReader(stream, path, Resolve).Load();
            return root;
        }
        finally { foreach (var t in storages.Values) t.Dispose(); }
    }

    private static object? LoadLegacy(string path)
    {
        using var file = new BufferedStream(Persistence.SafeFile.OpenRead(path, "weights file"), 1 << 20);
        Tensor Never(StorageRef r) => throw new InvalidDataException($"{path}: a tensor in the file header");
        if (new PickleReader(file, path, Never).Load() is not BigInteger magic || magic != LegacyMagic)
            throw new InvalidDataException($"{path}: not a PyTorch legacy file (wrong magic number)");
        if (new PickleReader(file, path, Never).Load() is not 1001L)
            throw new InvalidDataException($"{path}: unsupported legacy protocol version");
        var sysInfo = new PickleReader(file, path, Never).Load() as OrderedDictionary<object, object?>;
        var bigEndian = sysInfo?.TryGetValue("little_endian", out var le) == true && le is false;
        var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var fileLength = file.Length;
            Tensor Allocate(StorageRef r)
            {
                if (storages.TryGetValue(r.Key, out var t)) return t;
                var n = r.Numel ?? throw new InvalidDataException($"{path}: storage '{r.Key}' has no size");
                // The storages' bytes follow in the file: a size the file cannot hold is refused before anything is allocated.
                if (n < 0 || n > fileLength / ElementSize(r.DType))
                    throw new InvalidDataException($"{path}: storage '{r.Key}' claims {n} elements, more than the {fileLength}-byte file holds");
                return storages[r.Key] = empty(n, r.DType);
            }
            var root = new PickleReader(file, path, Allocate).Load();
            if (new PickleReader(file, path, Never).Load() is not List<object?> keys)
                throw new InvalidDataException($"{path}: the list of storage keys is missing");
            foreach (var key in keys.Select(k => k as string ?? throw new InvalidDataException($"{path}: a storage key that is not a string")))
            {
                var header = new byte[8];
                file.ReadExactly(header);
                var count = BitConverter.ToInt64(header);
                if (!storages.TryGetValue(key, out var storage)) throw new InvalidDataException($"{path}: data for unknown storage '{key}'");
                if (count != storage.shape[0])
                    throw new InvalidDataException($"{path}: storage '{key}' holds {count} elements, the tensors expect {storage.shape[0]}");
                var bytes = new byte[checked(count * ElementSize(storage.dtype))];
                file.ReadExactly(bytes);
                if (bigEndian) SwapBytes(bytes, ElementSize(storage.dtype));
                storage.bytes = bytes;
            }
            return root;
        }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{path}: the storage data ends early (truncated file?)", e); }
        finally { foreach (var t in storages.Values) t.Dispose(); }
    }

    /// <summary>The size in bytes of one element of a dtype.</summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"dtype {dtype} is not supported"),
    };

    /// <summary>A 1-D tensor of count elements of dtype made from little-endian (or big-endian) bytes.</summary>
    public static Tensor FromBytes(byte[] bytes, ScalarType dtype, long count, bool bigEndian, string what)
    {
        var size = ElementSize(dtype);
        if (bytes.LongLength != count * size) throw new InvalidDataException($"{what}: {bytes.LongLength} bytes for {count} elements of {dtype}");
        if (bigEndian) SwapBytes(bytes, size);
        var t = empty(count, dtype);
        t.bytes = bytes;
        return t;
    }

    private static void SwapBytes(byte[] bytes, int size)
    {
        if (size == 1) return;
        for (var i = 0; i < bytes.Length; i += size) Array.Reverse(bytes, i, size);
    }
}
