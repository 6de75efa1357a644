using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>A data set over two tensors of equal length: inputs and targets, indexed along the first dimension.</summary>
public sealed class TensorPairDataset : IDataset
{
    private readonly Tensor _x;
    private readonly Tensor _y;

    /// <summary>Wraps inputs and targets (not copied; the caller keeps ownership).</summary>
    public TensorPairDataset(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() == 0 || y.dim() == 0 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"inputs {Formats.Shape(x)} and targets {Formats.Shape(y)} differ in length");
        _x = x;
        _y = y;
    }

    /// <inheritdoc />
    public int Count => checked((int)_x.shape[0]);

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices)
    {
        var idx = new long[indices.Count];
        for (var i = 0; i < idx.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {indices[i]} is outside a data set of {Count}");
            idx[i] = indices[i];
        }
        using var index = tensor(idx);
        return new Batch(_x.index_select(0, index), _y.index_select(0, index));
    }
}
