using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>One item on its way through the item transforms: its parts (inputs, then targets), each with its type; a transform replaces the parts
/// it changes (the old tensor is disposed).</summary>
public sealed class Item : IDisposable
{
    private readonly Tensor[] _parts;

    /// <summary>Wraps the parts of an item and their types; the item owns the tensors.</summary>
    public Item(IReadOnlyList<Tensor> parts, IReadOnlyList<TensorType> types, int nInp = 1)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(types);
        if (parts.Count != types.Count) throw new ArgumentException($"an item of {parts.Count} parts needs as many types, got {types.Count}");
        if (nInp < 1 || nInp > parts.Count) throw new ArgumentOutOfRangeException(nameof(nInp), nInp,
            $"an item of {parts.Count} parts has 1 to {parts.Count} inputs");
        (_parts, Types, NInp) = ([.. parts], [.. types], nInp);
    }

    /// <summary>An item of one image (what an image-only transform is given).</summary>
    public static Item OfImage(Tensor image) => new([image], [TensorType.Image]);

    /// <summary>The parts' types, in order.</summary>
    public IReadOnlyList<TensorType> Types { get; }

    /// <summary>How many of the parts, from the first, are inputs.</summary>
    public int NInp { get; }

    /// <summary>The number of parts.</summary>
    public int Count => _parts.Length;

    /// <summary>Part index.</summary>
    public Tensor this[int index] => _parts[index];

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<Tensor> Parts => _parts;

    /// <summary>Replaces part index by value, disposing the old tensor unless it is the same one.</summary>
    public void Set(int index, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!ReferenceEquals(_parts[index], value)) _parts[index].Dispose();
        _parts[index] = value;
    }

    /// <summary>The indices of the parts of a type.</summary>
    public IEnumerable<int> IndicesOf(TensorType type) => Enumerable.Range(0, _parts.Length).Where(i => ReferenceEquals(Types[i], type));

    /// <summary>The first image's height and width (what points are measured against), or null when the item has no image.</summary>
    public (long Height, long Width)? ImageSize() =>
        IndicesOf(TensorType.Image).Select(i => ((long, long)?)(_parts[i].shape[^2], _parts[i].shape[^1])).FirstOrDefault();

    /// <summary>Detaches part index from the item (which no longer disposes it) and returns it.</summary>
    public Tensor Take(int index)
    {
        var part = _parts[index];
        _parts[index] = empty(0);
        return part;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var part in _parts) part.Dispose();
    }
}
