using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Dihedral: with probability p, one of the 8 symmetries of the square (flips and 90° rotations), applied exactly; square images
/// only; masks and points move with the images.</summary>
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

    /// <summary>Points (…, 2) in [-1, 1] moved as symmetry k moves the pixels they sit on.</summary>
    public static Tensor ApplyToPoints(Tensor points, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        var (x, y) = (points.narrow(-1, 0, 1), points.narrow(-1, 1, 1));
        for (var turn = 0; turn < k % 4; turn++) (x, y) = (y, x.neg());   // a quarter turn: the pixel at column c, row r goes to column r, row N-1-c
        if (k >= 4) x = x.neg();
        return cat([x, y], -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!training) return batch;
        var x = batch.X;
        if (x.shape[^1] != x.shape[^2]) throw new ArgumentException($"Dihedral needs square images, got {Formats.Shape(x)}");
        var draws = Enumerable.Range(0, (int)x.shape[0]).Select(_ => rng.NextDouble() < p ? rng.Next(8) : 0).ToArray();
        using var scope = NewDisposeScope();
        var parts = batch.Parts.ToArray();
        foreach (var i in batch.IndicesOf(TensorType.Image).Concat(batch.IndicesOf(TensorType.Mask)))
            parts[i] = stack([.. draws.Select((k, n) => Apply(parts[i][n], k))]);
        foreach (var i in batch.IndicesOf(TensorType.Points)) parts[i] = stack([.. draws.Select((k, n) => ApplyToPoints(parts[i][n], k))]);
        for (var i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(parts[i], batch.Parts[i])) parts[i].MoveToOuterDisposeScope();
        return batch.WithParts(parts);
    }
}
