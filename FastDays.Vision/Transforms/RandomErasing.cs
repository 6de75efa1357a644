using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's RandomErasing (Zhong et al.): on training batches, with probability p, up to maxCount rectangles of sl–sh of an image's area are
/// replaced by normal noise (put it after Normalize).</summary>
public sealed class RandomErasing(double p = 0.5, double sl = 0, double sh = 0.3, double minAspect = 0.3, int maxCount = 1, int seed = 0)
    : RandomBatchTransform(seed)
{
    /// <inheritdoc />
    protected override Batch Transform(Batch batch, bool training, Random rng)
    {
        if (!training) return batch;
        var x = batch.X;
        if (x.dim() != 4 || !x.is_floating_point())
            throw new ArgumentException($"RandomErasing needs float (batch, channels, height, width) images, got {x.dtype} {Formats.Shape(x)}");
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        using var scope = NewDisposeScope();
        using var noise = new Generator(unchecked((ulong)rng.NextInt64()));
        var output = x.clone();
        for (var i = 0; i < n; i++)
        {
            if (rng.NextDouble() >= p) continue;
            var count = rng.Next(1, maxCount + 1);
            for (var k = 0; k < count; k++)
            {
                // fastai's draw: area fraction uniform in [sl, sh]/count, log-uniform aspect ratio in [minAspect, 1/minAspect].
                var area = (sl + rng.NextDouble() * (sh - sl)) / count * h * w;
                var aspect = Math.Exp(Math.Log(minAspect) + rng.NextDouble() * -2 * Math.Log(minAspect));
                var (eh, ew) = ((long)Math.Min(h, Math.Round(Math.Sqrt(area / aspect))), (long)Math.Min(w, Math.Round(Math.Sqrt(area * aspect))));
                if (eh < 1 || ew < 1) continue;
                var (top, left) = (rng.NextInt64(h - eh + 1), rng.NextInt64(w - ew + 1));
                using var region = output[i].narrow(1, top, eh).narrow(2, left, ew);
                using var values = randn([c, eh, ew], dtype: x.dtype, generator: noise).to(x.device);
                region.copy_(values);
            }
        }
        return batch.WithX(output.MoveToOuterDisposeScope());
    }
}
