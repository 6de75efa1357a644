using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's batch augmentation as one fused warp per batch: flips, rotation, zoom, perspective warp and (with presizing) a random resized
/// crop through a single grid_sample, then brightness and contrast in logit space.</summary>
public sealed class AugmentTransform(AugOptions options) : RandomBatchTransform(options.Seed)
{
    /// <summary>The options.</summary>
    public AugOptions Options { get; } = options;

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        var x = batch.X;
        if (!x.is_floating_point()) throw new ArgumentException($"augmentation needs float images (put IntToFloatTensor first), got {x.dtype}");
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var (oh, ow) = Options.Size is { } s ? (s, s) : (h, w);
        if (!training) return oh == h && ow == w ? batch : new Batch(CentreResize(x, oh, ow), batch.Y);
        var draws = Enumerable.Range(0, (int)n).Select(_ => Draw(rng)).ToArray();
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        Tensor output;
        if (oh == h && ow == w && draws.All(d => d.IsPureFlip))
            output = stack([.. Enumerable.Range(0, (int)n).Select(i => draws[i].Flip ? x[i].flip(2) : x[i])]);   // exact
        else
        {
            var theta = tensor(draws.SelectMany(d => d.Theta).ToArray(), [n, 2, 3], dtype: x.dtype, device: x.device);
            var grid = nn.functional.affine_grid(theta, [n, x.shape[1], oh, ow], align_corners: true);
            var warp = tensor(draws.SelectMany(d => new[] { d.WarpX, d.WarpY }).ToArray(), [n, 1, 1, 2], dtype: x.dtype, device: x.device);
            // 1 + w·(x, y): a projective (perspective) distortion; 1 at zero strength
            var denom = (grid * warp).sum(-1, keepdim: true).add_(ScalarScope.One, ScalarScope.One);
            grid = grid / denom;
            output = nn.functional.grid_sample(x, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Reflection, align_corners: true);
        }
        if (draws.Any(d => d.Lighting))
        {
            var shape = new long[] { n, 1, 1, 1 };
            var bright = tensor(draws.Select(d => d.Brightness).ToArray(), shape, dtype: x.dtype, device: x.device);
            var contrast = tensor(draws.Select(d => d.Contrast).ToArray(), shape, dtype: x.dtype, device: x.device);
            var logit = output.clamp(scalars.Of(1e-5), scalars.Of(1 - 1e-5)).logit();
            output = logit.add(bright.logit(), ScalarScope.One).mul(contrast).sigmoid();
        }
        return new Batch(output.MoveToOuterDisposeScope(), batch.Y);
    }

    private static Tensor CentreResize(Tensor x, long oh, long ow)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (x.shape[2], x.shape[3]);
        var side = Math.Min(h, w);
        var crop = x.narrow(2, (h - side) / 2, side).narrow(3, (w - side) / 2, side);
        return nn.functional.interpolate(crop, [oh, ow], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true).MoveToOuterDisposeScope();
    }

    private Draw Draw(Random rng)
    {
        var o = Options;
        double U(double a, double b) => a + rng.NextDouble() * (b - a);
        var flip = o.DoFlip && rng.NextDouble() < 0.5;
        var flipV = o.FlipVert && rng.NextDouble() < 0.5;
        double angle = 0, zoom = 1, cx = 0, cy = 0, wx = 0, wy = 0;
        if (rng.NextDouble() < o.PAffine)
        {
            angle = U(-o.MaxRotate, o.MaxRotate) * Math.PI / 180;
            zoom = U(o.MinZoom, o.MaxZoom);
            (cx, cy) = (U(-1, 1) * (1 - 1 / zoom), U(-1, 1) * (1 - 1 / zoom));
            (wx, wy) = (U(-o.MaxWarp, o.MaxWarp) / 2, U(-o.MaxWarp, o.MaxWarp) / 2);
        }
        if (o.Size is not null && o.MinScale < 1)
        {
            var scale = Math.Sqrt(U(o.MinScale, 1));
            zoom /= scale;
            (cx, cy) = (cx * scale + U(-1, 1) * (1 - scale), cy * scale + U(-1, 1) * (1 - scale));
        }
        double b = 0.5, c = 1;
        var lighting = o.MaxLighting > 0 && rng.NextDouble() < o.PLighting;
        if (lighting)
        {
            b = U(0.5 * (1 - o.MaxLighting), 0.5 * (1 + o.MaxLighting));
            c = Math.Exp(U(Math.Log(1 - o.MaxLighting), -Math.Log(1 - o.MaxLighting)));
        }
        var (cos, sin) = (Math.Cos(angle) / zoom, Math.Sin(angle) / zoom);
        var (fx, fy) = (flip ? -1.0 : 1.0, flipV ? -1.0 : 1.0);
        double[] theta = [fx * cos, -sin * fy, cx, sin * fx, cos * fy, cy];
        return new Draw(theta, wx, wy, b, c, lighting, flip, angle == 0 && zoom == 1 && cx == 0 && cy == 0 && wx == 0 && wy == 0 && !flipV && !lighting);
    }
}
