using System.Text;
using static TorchSharp.torch;

namespace FastDays.Persistence;

/// <summary>FastDays' own compact tensor container: named tensors with dtype, shape and raw little-endian bytes.</summary>
public static class TensorStore
{
    private const string Magic = "FDTS1";

    private static readonly Dictionary<ScalarType, int> ElementSizes = new()
    {
        [ScalarType.Float64] = 8, [ScalarType.Int64] = 8, [ScalarType.Float32] = 4, [ScalarType.Int32] = 4, [ScalarType.Float16] = 2,
        [ScalarType.BFloat16] = 2, [ScalarType.Int16] = 2, [ScalarType.Int8] = 1, [ScalarType.Byte] = 1, [ScalarType.Bool] = 1,
    };

    /// <summary>Writes named tensors to a stream.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var items = tensors.ToList();
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(items.Count);
        foreach (var (name, tensor) in items)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            w.Write(name);
            w.Write((int)cpu.dtype);
            w.Write(cpu.shape.Length);
            foreach (var d in cpu.shape) w.Write(d);
            var bytes = cpu.bytes;
            w.Write((long)bytes.Length);
            w.Write(bytes);
        }
    }

    /// <summary>Reads the tensors written by Write; source names the file in errors.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string source)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            if (r.ReadString() != Magic) throw new InvalidDataException($"{source}: not a FastDays tensor store");
            var count = r.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dtype = (ScalarType)r.ReadInt32();
                if (!ElementSizes.TryGetValue(dtype, out var elementSize))
                    throw new InvalidDataException($"{source}: tensor '{name}' has an unknown dtype {(int)dtype}");
                var ndim = r.ReadInt32();
                if (ndim is < 0 or > 16) throw new InvalidDataException($"{source}: tensor '{name}' has an invalid rank {ndim}");
                var shape = new long[ndim];
                for (var d = 0; d < ndim; d++) shape[d] = r.ReadInt64();
                var length = r.ReadInt64();
                // Everything is checked against the bytes that are really there before anything is allocated.
                if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => checked(a * d)) is var numel && checked(numel * elementSize) != length)
                    throw new InvalidDataException($"{source}: tensor '{name}' of shape {Formats.List(shape)} and dtype {dtype} does not match its " +
                        $"{length} bytes");
                if (stream.CanSeek && length > stream.Length - stream.Position)
                    throw new EndOfStreamException($"tensor '{name}' needs {length} bytes, {stream.Length - stream.Position} are left");
                var data = r.ReadBytes(checked((int)length));
                if (data.Length != length) throw new EndOfStreamException();
                var t = empty(shape, dtype);
                t.bytes = data;
                result[name] = t;
            }
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or OverflowException or FormatException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"{source}: truncated or corrupt tensor data ({e.Message})", e);
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }
}
