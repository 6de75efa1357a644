using FastDays.Data;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's RandomResizedCrop: on training, a random crop of minScale–1 of the area and 3/4–4/3 aspect ratio resized to size; on validation,
/// a centre crop; masks and points follow the image.</summary>
public sealed class RandomResizedCrop(int size, double minScale = 0.08, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    : IItemTransform, IExportableTransform
{
    /// <inheritdoc />
    public TransformSpec Spec() => new(nameof(RandomResizedCrop), new()
    {
        ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["min_scale"] = minScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <inheritdoc />
    public void Apply(Item item, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (h, w) = CropPlan.SizeOf(item, nameof(RandomResizedCrop));
        var plan = Plan(h, w, rng, training);
        foreach (var i in item.IndicesOf(TensorType.Image))
        {
            using var crop = ImageOps.Crop(item[i], plan.Top, plan.Left, plan.Height, plan.Width);
            item.Set(i, ImageOps.ResizeTo(crop, size, size));
        }
        plan.ApplyToMasksAndPoints(item);
    }

    private CropPlan Plan(long h, long w, Random rng, bool training)
    {
        if (training)
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var area = h * w * (minScale + rng.NextDouble() * (1 - minScale));
                var ratio = Math.Exp(Math.Log(minRatio) + rng.NextDouble() * (Math.Log(maxRatio) - Math.Log(minRatio)));
                var (cw, ch) = ((long)Math.Round(Math.Sqrt(area * ratio)), (long)Math.Round(Math.Sqrt(area / ratio)));
                if (cw < 1 || ch < 1 || cw > w || ch > h) continue;
                return CropPlan.Fill(rng.NextInt64(h - ch + 1), rng.NextInt64(w - cw + 1), ch, cw, size, size);
            }
        var side = Math.Min(h, w);
        return CropPlan.Fill((h - side) / 2, (w - side) / 2, side, side, size, size);
    }
}
