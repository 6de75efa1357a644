using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Flip as an exact batch transform: each training image is mirrored left–right with probability p (validation batches pass
/// unchanged).</summary>
public sealed class Flip(double p = 0.5, int seed = 0) : RandomBatchTransform(seed)
{
    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        if (!training) return batch;
        var x = batch.X;
        var n = (int)x.shape[0];
        var flip = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < p).ToArray();
        using var scope = NewDisposeScope();
        var mask = tensor(flip, device: x.device).reshape([n, .. Enumerable.Repeat(1L, (int)x.dim() - 1)]);
        return new Batch(where(mask, x.flip(-1), x).MoveToOuterDisposeScope(), batch.Y);
    }
}
