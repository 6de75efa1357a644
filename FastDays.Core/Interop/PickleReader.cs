using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace FastDays.Interop;

/// <summary>A restricted unpickler for PyTorch state dicts and plain checkpoints: it builds dicts, lists, tuples, numbers, strings and tensors, and
/// refuses every other Python global instead of instantiating it.</summary>
public sealed class PickleReader
{
    private static readonly Dictionary<string, ScalarType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32, ["DoubleStorage"] = ScalarType.Float64, ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16, ["CharStorage"] = ScalarType.Int8, ["ShortStorage"] = ScalarType.Int16,
        ["IntStorage"] = ScalarType.Int32, ["LongStorage"] = ScalarType.Int64, ["ByteStorage"] = ScalarType.Byte, ["BoolStorage"] = ScalarType.Bool,
    };

    private static readonly Dictionary<string, ScalarType> DTypes = new(StringComparer.Ordinal)
    {
        ["float32"] = ScalarType.Float32, ["float"] = ScalarType.Float32, ["float64"] = ScalarType.Float64, ["double"] = ScalarType.Float64,
        ["float16"] = ScalarType.Float16, ["half"] = ScalarType.Float16, ["bfloat16"] = ScalarType.BFloat16, ["int8"] = ScalarType.Int8,
        ["int16"] = ScalarType.Int16, ["short"] = ScalarType.Int16, ["int32"] = ScalarType.Int32, ["int"] = ScalarType.Int32,
        ["int64"] = ScalarType.Int64, ["long"] = ScalarType.Int64, ["uint8"] = ScalarType.Byte, ["bool"] = ScalarType.Bool,
    };

    private static readonly object Mark = new();
    private readonly Stream _stream;
    private readonly string _source;
    private readonly Func<StorageRef, Tensor> _storage;
    private readonly Action<StorageRef>? _onStorage;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];

    /// <summary>Reads one pickle from stream, resolving each storage a tensor refers to with storage (and reporting it to onStorage); source names
    /// the file in errors.</summary>
    public PickleReader(Stream stream, string source, Func<StorageRef, Tensor> storage, Action<StorageRef>? onStorage = null)
    {
        (_stream, _source, _storage, _onStorage) = (stream, source, storage, onStorage);
    }

    /// <summary>Reads the next pickle: dicts become OrderedDictionary&lt;object, object?&gt;, lists List&lt;object?&gt;, tuples object?[], integers
    /// long, floats double, tensors Tensor.</summary>
    public object? Load()
    {
        try { return Run(); }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{_source}: the pickle ends early (truncated file?)", e); }
    }

    private object? Run()
    {
        while (true)
        {
            var op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                                   // PROTO
                case 0x95: ReadBytes(8); break;                                 // FRAME
                case (byte)'.': return Pop();                                   // STOP
                case (byte)'(': _stack.Add(Mark); break;                        // MARK
                case (byte)'}': _stack.Add(new OrderedDictionary<object, object?>()); break;
                case (byte)']': _stack.Add(new List<object?>()); break;
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                case (byte)'d':
                {
                    var d = new OrderedDictionary<object, object?>();
                    SetItems(d, PopMark());
                    _stack.Add(d);
                    break;
                }
                case (byte)'l': _stack.Add(PopMark()); break;
                case (byte)'t': _stack.Add(PopMark().ToArray()); break;
                case 0x85: _stack.Add(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                case (byte)'X': _stack.Add(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                case 0x8c: _stack.Add(ReadString(ReadByte())); break;
                case 0x8d: _stack.Add(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)))); break;
                case (byte)'B': _stack.Add(ReadBytes(Length(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)), "bytes"))); break;
                case (byte)'C': _stack.Add(ReadBytes(ReadByte())); break;
                case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                case (byte)'K': _stack.Add((long)ReadByte()); break;
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                case 0x8a: _stack.Add(ReadLong(ReadByte())); break;
                case 0x8b: _stack.Add(ReadLong(Length(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)), "an integer"))); break;
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
                case 0x88: _stack.Add(true); break;
                case 0x89: _stack.Add(false); break;
                case (byte)'N': _stack.Add(null); break;
                case (byte)'s': { var v = Pop(); var k = Pop(); Dict(Peek())[Key(k)] = v; break; }
                case (byte)'u': { var items = PopMark(); SetItems(Dict(Peek()), items); break; }   // the mark sits above the dict
                case (byte)'a': { var v = Pop(); List(Peek()).Add(v); break; }
                case (byte)'e': { var items = PopMark(); List(Peek()).AddRange(items); break; }
                case (byte)'q': _memo[ReadByte()] = Peek(); break;
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break;
                case 0x94: _memo[_memo.Count] = Peek(); break;
                case (byte)'h': _stack.Add(Memo(ReadByte())); break;
                case (byte)'j': _stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                case (byte)'0': Pop(); break;
                case (byte)'1': PopMark(); break;
                case (byte)'2': _stack.Add(Peek()); break;
                case (byte)'c': _stack.Add(Global(ReadLine(), ReadLine())); break;
                case 0x93: { var name = Pop() as string; var module = Pop() as string; _stack.Add(Global(module ?? "?", name ?? "?")); break; }
                case (byte)'R': { var args = Pop() as object?[] ?? throw Bad("REDUCE without an argument tuple"); _stack.Add(Reduce(Pop(), args)); break; }
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; }
                case (byte)'Q': _stack.Add(PersistentLoad(Pop())); break;
                case 0x81: { Pop(); var cls = Pop(); throw Refuse(cls); }      // NEWOBJ: only classes need it, and none is allowed
                case 0x8f: _stack.Add(new List<object?>()); break;             // EMPTY_SET, kept as a list
                case 0x90: { var items = PopMark(); List(Peek()).AddRange(items); break; }
                default: throw Bad($"unsupported pickle opcode 0x{op:x2} at byte {_stream.Position - 1}");
            }
        }
    }

    private PyGlobal Global(string module, string name)
    {
        var g = new PyGlobal(module, name);
        var allowed = (module, name) switch
        {
            ("collections", "OrderedDict") => true,
            ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_parameter" or "_rebuild_parameter_with_state") => true,
            ("torch", _) when StorageTypes.ContainsKey(name) || DTypes.ContainsKey(name) => true,
            ("torch.storage", "TypedStorage" or "UntypedStorage" or "_load_from_bytes") => name != "_load_from_bytes",
            ("builtins", "set" or "frozenset" or "tuple" or "list" or "dict") => true,
            _ => false,
        };
        return allowed ? g : throw Refuse(g);
    }

    private object? Reduce(object? callable, object?[] args)
    {
        if (callable is not PyGlobal g) throw Bad($"REDUCE of a {callable?.GetType().Name ?? "None"}");
        switch (g.Module, g.Name)
        {
            case ("collections", "OrderedDict"):
            case ("builtins", "dict"):
                return new OrderedDictionary<object, object?>();
            case ("builtins", "set" or "frozenset" or "list"):
                return args.Length == 0 ? new List<object?>() : new List<object?>(args[0] as IEnumerable<object?> ?? []);
            case ("builtins", "tuple"):
                return args.Length == 0 ? Array.Empty<object?>() : (args[0] as IEnumerable<object?> ?? []).ToArray();
            case ("torch._utils", "_rebuild_tensor_v2"):
                return RebuildTensor(args);
            case ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state"):
                return args.Length > 0 && args[0] is Tensor t ? t : throw Bad("_rebuild_parameter without a tensor");
            default:
                throw Refuse(g);
        }
    }

    private Tensor RebuildTensor(object?[] args)
    {
        if (args.Length < 4 || args[0] is not StorageRef storage || args[1] is not long offset || args[2] is not object?[] size
            || args[3] is not object?[] stride)
            throw Bad("_rebuild_tensor_v2 with unexpected arguments");
        var data = _storage(storage);
        long[] shape = [.. size.Select(s => s is long l ? l : throw Bad("a tensor size that is not an integer"))];
        long[] strides = [.. stride.Select(s => s is long l ? l : throw Bad("a tensor stride that is not an integer"))];
        if (shape.Length != strides.Length || shape.Any(s => s < 0) || strides.Any(s => s < 0))
            throw Bad($"a tensor of shape {Formats.List(shape)} and strides {Formats.List(strides)} (negative, or of different lengths)");
        long last = offset;
        try { for (var i = 0; i < shape.Length; i++) if (shape[i] > 0) last = checked(last + (shape[i] - 1) * strides[i]); }
        catch (OverflowException) { last = long.MaxValue; }
        if (shape.Any(s => s == 0)) last = offset - 1;
        if (offset < 0 || last >= data.shape[0])
            throw Bad($"a tensor of shape {Formats.List(shape)} at offset {offset} does not fit in storage '{storage.Key}' of {data.shape[0]} elements");
        return data.as_strided(shape, strides, offset);
    }

    private StorageRef PersistentLoad(object? pid)
    {
        if (pid is not object?[] t || t.Length < 3 || t[0] as string != "storage") throw Bad("a persistent id that is not a storage");
        var dtype = t[1] switch
        {
            PyGlobal { Module: "torch" } g when StorageTypes.TryGetValue(g.Name, out var st) => st,
            PyGlobal { Module: "torch" } g when DTypes.TryGetValue(g.Name, out var dt) => dt,
            _ => throw Bad($"storage of unknown type {t[1]}"),
        };
        var key = t[2] switch
        {
            string s => s,
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw Bad("a storage key that is not a string"),
        };
        var reference = new StorageRef(dtype, key, t.Length > 4 && t[4] is long n ? n : null);
        _onStorage?.Invoke(reference);
        return reference;
    }

    private void Build(object? target, object? state)
    {
        // OrderedDict state dicts carry a _metadata attribute (module versions): read and ignored.
        if (target is OrderedDictionary<object, object?> && state is OrderedDictionary<object, object?> or null or object?[]) return;
        if (target is Tensor) return;
        throw Bad($"BUILD on a {target?.GetType().Name ?? "None"}");
    }

    private InvalidDataException Refuse(object? what) => new(
        $"{_source}: refusing Python global '{what}': FastDays reads only state dicts and plain checkpoints " +
        "(dicts, lists, tuples, numbers, strings and tensors) and never executes pickled code; " +
        "for a whole pickled nn.Module, save its state_dict() in PyTorch instead (torch.save(model.state_dict(), path))");

    private InvalidDataException Bad(string message) => new($"{_source}: {message}");

    private static object Key(object? key) => key ?? "None";

    // Key, value, key, value ... into d (SETITEMS and DICT).
    private static void SetItems(OrderedDictionary<object, object?> d, List<object?> items)
    {
        for (var i = 0; i + 1 < items.Count; i += 2) d[Key(items[i])] = items[i + 1];
    }

    private OrderedDictionary<object, object?> Dict(object? o) => o as OrderedDictionary<object, object?> ??
        throw Bad($"SETITEM on a {o?.GetType().Name ?? "None"}");

    private List<object?> List(object? o) => o as List<object?> ?? throw Bad($"APPEND on a {o?.GetType().Name ?? "None"}");

    private object? Memo(long i) => _memo.TryGetValue(i, out var v) ? v : throw Bad($"memo entry {i} is missing");

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Bad("stack underflow");

    private object? Pop()
    {
        var v = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private List<object?> PopMark()
    {
        var i = _stack.LastIndexOf(Mark);
        if (i < 0) throw Bad("no MARK on the stack");
        var items = _stack.GetRange(i + 1, _stack.Count - i - 1);
        _stack.RemoveRange(i, _stack.Count - i);
        return items;
    }

    private byte ReadByte() => _stream.ReadByte() is var b and >= 0 ? (byte)b : throw new EndOfStreamException();

    private byte[] ReadBytes(int n)
    {
        var buffer = new byte[n];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    private string ReadString(ulong n) => Encoding.UTF8.GetString(ReadBytes(Length(n, "a string")));

    // A length read from the file, checked against what is left of it before anything that size is allocated.
    private int Length(ulong n, string what)
    {
        var left = _stream.CanSeek ? _stream.Length - _stream.Position : int.MaxValue;
        return n <= (ulong)Math.Min(left, int.MaxValue) ? (int)n : throw Bad($"{what} of {n} bytes, more than the {left} bytes left");
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        for (var b = ReadByte(); b != '\n'; b = ReadByte()) sb.Append((char)b);
        return sb.ToString();
    }

    private object ReadLong(int n)
    {
        if (n > 64) throw Bad($"an integer of {n} bytes");
        var bytes = ReadBytes(n);
        if (n > 8) return new System.Numerics.BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        long v = 0;
        for (var i = n - 1; i >= 0; i--) v = (v << 8) | bytes[i];
        if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0) v -= 1L << (8 * n);
        return v;
    }
}
