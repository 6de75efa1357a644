using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's batch augmentation as one fused warp per batch: flips, rotation, zoom, perspective warp and (with presizing) a random resized
/// crop through a single grid_sample, then brightness and contrast in logit space; masks (nearest neighbour) and points move with the images.</summary>
public sealed class AugmentTransform(AugOptions options) : RandomBatchTransform(options.Seed), IExportableTransform
{
    /// <summary>Its validation behaviour, which is all an export needs: the centre resize to Size, if any.</summary>
    public TransformSpec Spec() => new(nameof(AugmentTransform),
        Options.Size is { } size ? new() { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) } : []);

    /// <summary>The options.</summary>
    public AugOptions Options { get; } = options;

    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        var images = batch.IndicesOf(TensorType.Image);
        if (images.Count == 0) return batch;
        var x = batch.Parts[images[0]];
        if (!x.is_floating_point()) throw new ArgumentException($"augmentation needs float images (put IntToFloatTensor first), got {x.dtype}");
        var (n, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var (oh, ow) = Options.Size is { } s ? (s, s) : (h, w);
        if (!training) return oh == h && ow == w ? batch : CentreResize(batch, h, w, oh, ow);
        var draws = Enumerable.Range(0, (int)n).Select(_ => Draw(rng)).ToArray();
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var parts = batch.Parts.ToArray();
        if (oh == h && ow == w && draws.All(d => d.IsPureFlip))
        {
            // exact
            var flip = tensor(draws.Select(d => d.Flip).ToArray(), device: x.device);
            foreach (var i in images) parts[i] = where(flip.reshape(n, 1, 1, 1), parts[i].flip(-1), parts[i]);
            foreach (var i in batch.IndicesOf(TensorType.Mask)) parts[i] = where(flip.reshape(n, 1, 1), parts[i].flip(-1), parts[i]);
            var sign = tensor(draws.Select(d => d.Flip ? new[] { -1f, 1f } : [1f, 1f]).SelectMany(v => v).ToArray(), [n, 1, 2], device: x.device);
            foreach (var i in batch.IndicesOf(TensorType.Points)) parts[i] = parts[i].mul(sign.to_type(parts[i].dtype));
        }
        else
        {
            var theta = tensor(draws.SelectMany(d => d.Theta).ToArray(), [n, 2, 3], dtype: x.dtype, device: x.device);
            var grid = nn.functional.affine_grid(theta, [n, x.shape[1], oh, ow], align_corners: true);
            var warp = tensor(draws.SelectMany(d => new[] { d.WarpX, d.WarpY }).ToArray(), [n, 1, 1, 2], dtype: x.dtype, device: x.device);
            // 1 + w·(x, y): a projective (perspective) distortion; 1 at zero strength
            var denom = (grid * warp).sum(-1, keepdim: true).add_(ScalarScope.One, ScalarScope.One);
            grid = grid / denom;
            foreach (var i in images)
                parts[i] = nn.functional.grid_sample(parts[i], grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Reflection,
                    align_corners: true);
            foreach (var i in batch.IndicesOf(TensorType.Mask))
                parts[i] = nn.functional.grid_sample(parts[i].unsqueeze(1).to_type(x.dtype), grid, mode: GridSampleMode.Nearest,
                    padding_mode: GridSamplePaddingMode.Reflection, align_corners: true).squeeze(1).to_type(parts[i].dtype);
            foreach (var i in batch.IndicesOf(TensorType.Points)) parts[i] = MovePoints(parts[i], theta, warp, (h, w), (oh, ow));
        }
        if (draws.Any(d => d.Lighting))
        {
            var shape = new long[] { n, 1, 1, 1 };
            var bright = tensor(draws.Select(d => d.Brightness).ToArray(), shape, dtype: x.dtype, device: x.device);
            var contrast = tensor(draws.Select(d => d.Contrast).ToArray(), shape, dtype: x.dtype, device: x.device);
            foreach (var i in images)
            {
                var logit = parts[i].clamp(scalars.Of(1e-5), scalars.Of(1 - 1e-5)).logit();
                parts[i] = logit.add(bright.logit(), ScalarScope.One).mul(contrast).sigmoid();
            }
        }
        for (var i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(parts[i], batch.Parts[i])) parts[i].MoveToOuterDisposeScope();
        return batch.WithParts(parts);
    }

    /// <summary>Points (n, k, 2) in [-1, 1] of the input (pixel edges at ±1) moved to where the warp puts the pixels they sit on: the sampling grid
    /// maps output to input, so the points go through its inverse — the perspective divide undone, then the affine matrix inverted.</summary>
    private static Tensor MovePoints(Tensor points, Tensor theta, Tensor warp, (long H, long W) input, (long H, long W) output)
    {
        using var scope = NewDisposeScope();
        var p = points.to_type(theta.dtype);
        // to grid_sample's align_corners=True frame, where ±1 are the centres of the edge pixels
        var q = ToCornerFrame(p, input);
        var g = q / (q * warp.reshape(-1, 1, 2)).sum(-1, keepdim: true).neg_().add_(ScalarScope.One, ScalarScope.One);
        var a = theta.narrow(2, 0, 2);                         // (n, 2, 2)
        var t = theta.narrow(2, 2, 1).transpose(1, 2);         // (n, 1, 2)
        var moved = (g - t).matmul(linalg.inv(a).transpose(1, 2));
        return FromCornerFrame(moved, output).to_type(points.dtype).MoveToOuterDisposeScope();
    }

    private static Tensor ToCornerFrame(Tensor p, (long H, long W) size)
    {
        var (sx, sy) = ((double)size.W / Math.Max(1, size.W - 1), (double)size.H / Math.Max(1, size.H - 1));
        var (bx, by) = (1.0 / Math.Max(1, size.W - 1), 1.0 / Math.Max(1, size.H - 1));
        var scale = tensor(new[] { sx, sy }, dtype: p.dtype, device: p.device);
        var shift = tensor(new[] { sx - 1 - bx, sy - 1 - by }, dtype: p.dtype, device: p.device);
        return p.mul(scale).add_(shift, ScalarScope.One);
    }

    private static Tensor FromCornerFrame(Tensor p, (long H, long W) size)
    {
        var (sx, sy) = ((double)size.W / Math.Max(1, size.W - 1), (double)size.H / Math.Max(1, size.H - 1));
        var (bx, by) = (1.0 / Math.Max(1, size.W - 1), 1.0 / Math.Max(1, size.H - 1));
        var scale = tensor(new[] { sx, sy }, dtype: p.dtype, device: p.device);
        var shift = tensor(new[] { sx - 1 - bx, sy - 1 - by }, dtype: p.dtype, device: p.device);
        return (p - shift) / scale;
    }

    private static Batch CentreResize(Batch batch, long h, long w, long oh, long ow)
    {
        using var scope = NewDisposeScope();
        var side = Math.Min(h, w);
        var parts = batch.Parts.ToArray();
        foreach (var i in batch.IndicesOf(TensorType.Image))
        {
            var crop = parts[i].narrow(2, (h - side) / 2, side).narrow(3, (w - side) / 2, side);
            parts[i] = nn.functional.interpolate(crop, [oh, ow], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        }
        foreach (var i in batch.IndicesOf(TensorType.Mask))
        {
            var crop = parts[i].narrow(1, (h - side) / 2, side).narrow(2, (w - side) / 2, side).unsqueeze(1).to_type(ScalarType.Float32);
            parts[i] = nn.functional.interpolate(crop, [oh, ow], mode: InterpolationMode.Nearest).squeeze(1).to_type(batch.Parts[i].dtype);
        }
        foreach (var i in batch.IndicesOf(TensorType.Points))
        {
            // the centred square's edges become ±1: coordinates grow by the side over the square's
            var scale = tensor(new[] { (double)w / side, (double)h / side }, dtype: parts[i].dtype, device: parts[i].device);
            parts[i] = parts[i] * scale;
        }
        for (var i = 0; i < parts.Length; i++)
            if (!ReferenceEquals(parts[i], batch.Parts[i])) parts[i].MoveToOuterDisposeScope();
        return batch.WithParts(parts);
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
