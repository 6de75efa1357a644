using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>A collated mini-batch: its parts (inputs, then targets), each typed, owned by the batch and freed when it is disposed.</summary>
public sealed class Batch : IDisposable
{
    private readonly Tensor[] _parts;

    /// <summary>Wraps input and target tensors (untyped) whose first dimension is the batch size.</summary>
    public Batch(Tensor x, Tensor y) : this([x, y], [TensorType.Generic, TensorType.Generic])
    {
    }

    /// <summary>Wraps typed parts, the first nInp of them inputs (all of them for a batch without targets), sharing a first dimension.</summary>
    public Batch(IReadOnlyList<Tensor> parts, IReadOnlyList<TensorType> types, int nInp = 1)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(types);
        if (parts.Count == 0 || parts.Count != types.Count)
            throw new ArgumentException($"a batch of {parts.Count} parts needs as many types, got {types.Count}");
        if (nInp < 1 || nInp > parts.Count) throw new ArgumentOutOfRangeException(nameof(nInp), nInp,
            $"a batch of {parts.Count} parts has 1 to {parts.Count} inputs");
        foreach (var part in parts) ArgumentNullException.ThrowIfNull(part, nameof(parts));
        if (parts.Any(p => p.dim() == 0 || p.shape[0] != parts[0].shape[0]))
            throw new ArgumentException($"parts of shapes {string.Join(" and ", parts.Select(p => Formats.Shape(p)))} do not share a batch dimension");
        (_parts, Types, NInp) = ([.. parts], [.. types], nInp);
    }

    /// <summary>The parts, inputs first.</summary>
    public IReadOnlyList<Tensor> Parts => _parts;

    /// <summary>The type of each part.</summary>
    public IReadOnlyList<TensorType> Types { get; }

    /// <summary>How many parts, from the first, are inputs (fastai's n_inp).</summary>
    public int NInp { get; }

    /// <summary>The first input, batch dimension first.</summary>
    public Tensor X => _parts[0];

    /// <summary>The first target, batch dimension first.</summary>
    public Tensor Y => NInp < _parts.Length ? _parts[NInp] : throw new InvalidOperationException("this batch has no targets (a test loader's)");

    /// <summary>Whether the batch has targets (a test loader's has none).</summary>
    public bool HasTargets => NInp < _parts.Length;

    /// <summary>The inputs.</summary>
    public IReadOnlyList<Tensor> Xs => _parts[..NInp];

    /// <summary>The targets.</summary>
    public IReadOnlyList<Tensor> Ys => _parts[NInp..];

    /// <summary>The number of items in the batch.</summary>
    public long Size => X.shape[0];

    /// <summary>The same batch with part index replaced by value (types kept); the new batch shares the other tensors with this one.</summary>
    public Batch With(int index, Tensor value)
    {
        var parts = _parts.ToArray();
        parts[index] = value;
        return new Batch(parts, Types, NInp);
    }

    /// <summary>The same batch with the first input replaced (what most input transforms return).</summary>
    public Batch WithX(Tensor x) => With(0, x);

    /// <summary>The same batch with every part replaced (types and inputs kept).</summary>
    public Batch WithParts(IReadOnlyList<Tensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count != _parts.Length) throw new ArgumentException($"a batch of {_parts.Length} parts cannot take {parts.Count}", nameof(parts));
        return new Batch(parts, Types, NInp);
    }

    /// <summary>The indices of the parts of a type; for images, an untyped first input counts (a batch made from two plain tensors).</summary>
    public IReadOnlyList<int> IndicesOf(TensorType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var found = Enumerable.Range(0, _parts.Length).Where(i => ReferenceEquals(Types[i], type)).ToList();
        if (found.Count == 0 && ReferenceEquals(type, TensorType.Image) && ReferenceEquals(Types[0], TensorType.Generic)) found.Add(0);
        return found;
    }

    /// <summary>This batch on another device: the same batch when already there, else a copy (this one is disposed).</summary>
    public Batch To(Device device)
    {
        if (_parts.All(p => p.device == device)) return this;
        var moved = WithParts([.. _parts.Select(p => p.to(device, non_blocking: true))]);
        Dispose();
        return moved;
    }

    /// <summary>Detaches every part from the dispose scope under way (the batch outlives it).</summary>
    internal Batch DetachFromDisposeScope()
    {
        foreach (var part in _parts) part.DetachFromDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var part in _parts) part.Dispose();
    }
}
