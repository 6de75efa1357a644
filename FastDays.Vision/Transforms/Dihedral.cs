using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Dihedral: with probability p, one of the 8 symmetries of the square (flips and 90° rotations), applied exactly; square images
/// only.</summary>
public sealed class Dihedral(double p = 0.5, int seed = 0) : RandomBatchTransform(seed)
{
    /// <summary>Symmetry k of an image batch (…, H, W): k mod 4 quarter turns anticlockwise, then a horizontal flip when k ≥ 4.</summary>
    public static Tensor Apply(Tensor x, int k)
    {
        var d = x.dim();
        var turned = (k % 4) == 0 ? x.alias() : x.rot90(k % 4, (d - 2, d - 1));
        if (k < 4) return turned;
        using (turned) return turned.flip(d - 1);
    }

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        if (!training) return batch;
        var x = batch.X;
        if (x.shape[^1] != x.shape[^2]) throw new ArgumentException($"Dihedral needs square images, got {Formats.Shape(x)}");
        using var scope = NewDisposeScope();
        var items = Enumerable.Range(0, (int)x.shape[0]).Select(i => rng.NextDouble() < p ? Apply(x[i], rng.Next(8)) : x[i]).ToList();
        return batch.WithX(stack(items).MoveToOuterDisposeScope());
    }
}
