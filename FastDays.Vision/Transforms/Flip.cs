using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Flip as an exact batch transform: each training image (with its masks and points) is mirrored left–right with probability p
/// (validation batches pass
/// unchanged).</summary>
public sealed class Flip(double p = 0.5, int seed = 0) : RandomBatchTransform(seed)
{
    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!training) return batch;
        var flip = Enumerable.Range(0, (int)batch.Size).Select(_ => rng.NextDouble() < p).ToArray();
        return Mirror(batch, flip);
    }

    /// <summary>The batch with the images, masks and points of the items marked in which mirrored left–right (the rest unchanged).</summary>
    public static Batch Mirror(Batch batch, IReadOnlyList<bool> which)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(which);
        var n = (int)batch.Size;
        if (which.Count != n) throw new ArgumentException($"{which.Count} flags for a batch of {n} items", nameof(which));
        var flip = which.ToArray();
        using var scope = NewDisposeScope();
        var parts = batch.Parts.ToArray();
        Tensor Mirrored(Tensor t) => where(tensor(flip, device: t.device).reshape([n, .. Enumerable.Repeat(1L, (int)t.dim() - 1)]), t.flip(-1), t);
        foreach (var i in batch.IndicesOf(TensorType.Image)) parts[i] = Mirrored(parts[i]);
        foreach (var i in batch.IndicesOf(TensorType.Mask)) parts[i] = Mirrored(parts[i]);
        foreach (var i in batch.IndicesOf(TensorType.Points))
        {
            var sign = tensor(flip.SelectMany(f => f ? new[] { -1f, 1f } : [1f, 1f]).ToArray(), [n, 1, 2], device: parts[i].device);
            parts[i] = parts[i].mul(sign.to_type(parts[i].dtype));
        }
        for (var i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(parts[i], batch.Parts[i])) parts[i].MoveToOuterDisposeScope();
        return batch.WithParts(parts);
    }
}
