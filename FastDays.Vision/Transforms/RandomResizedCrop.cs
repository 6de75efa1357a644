using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's RandomResizedCrop: on training, a random crop of minScale–1 of the area and 3/4–4/3 aspect ratio resized to size; on validation,
/// a centre crop.</summary>
public sealed class RandomResizedCrop(int size, double minScale = 0.08, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3) : IItemTransform
{
    /// <inheritdoc />
    public Tensor Apply(Tensor image, Random rng, bool training)
    {
        var (h, w) = (image.shape[1], image.shape[2]);
        if (training)
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var area = h * w * (minScale + rng.NextDouble() * (1 - minScale));
                var ratio = Math.Exp(Math.Log(minRatio) + rng.NextDouble() * (Math.Log(maxRatio) - Math.Log(minRatio)));
                var (cw, ch) = ((long)Math.Round(Math.Sqrt(area * ratio)), (long)Math.Round(Math.Sqrt(area / ratio)));
                if (cw < 1 || ch < 1 || cw > w || ch > h) continue;
                using var crop = ImageOps.Crop(image, rng.NextInt64(h - ch + 1), rng.NextInt64(w - cw + 1), ch, cw);
                return ImageOps.ResizeTo(crop, size, size);
            }
        var side = Math.Min(h, w);
        using var centre = ImageOps.Crop(image, (h - side) / 2, (w - side) / 2, side, side);
        return ImageOps.ResizeTo(centre, size, size);
    }
}
