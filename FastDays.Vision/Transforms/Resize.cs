using FastDays.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Resize item transform: to a square size by cropping (random crop on training, centre crop on validation), padding or squishing;
/// masks (nearest neighbour) and points follow the image.</summary>
public sealed class Resize(int size, ResizeMethod method = ResizeMethod.Crop) : IItemTransform, IExportableTransform
{
    /// <summary>The side of the square output.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "the size must be positive");

    /// <summary>The resizing method.</summary>
    public ResizeMethod Method { get; } = method;

    /// <inheritdoc />
    public TransformSpec Spec() => new(nameof(Resize), new()
    {
        ["size"] = Size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = Method.ToString().ToLowerInvariant(),
    });

    /// <inheritdoc />
    public void Apply(Item item, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (h, w) = CropPlan.SizeOf(item, nameof(Resize));
        var plan = Plan(h, w, rng, training);
        foreach (var i in item.IndicesOf(TensorType.Image)) item.Set(i, Image(item[i], plan));
        plan.ApplyToMasksAndPoints(item);
    }

    private CropPlan Plan(long h, long w, Random rng, bool training)
    {
        switch (Method)
        {
            case ResizeMethod.Squish:
                return CropPlan.Fill(0, 0, h, w, Size, Size);
            case ResizeMethod.Pad:
            {
                var scale = (double)Size / Math.Max(h, w);
                var (nh, nw) = (Math.Max(1, (long)Math.Round(h * scale)), Math.Max(1, (long)Math.Round(w * scale)));
                return new CropPlan(0, 0, h, w, (Size - nh) / 2, (Size - nw) / 2, nh, nw, Size, Size);
            }
            default:
            {
                // fastai's order: the square to keep is cut from the original first, then resized, so an image of any aspect ratio costs no more
                // than its own pixels (resizing the shorter side first would blow a 600,000 × 1 image up to 28 × 16.8 million).
                var side = Math.Min(h, w);
                var top = training ? rng.NextInt64(h - side + 1) : (h - side) / 2;
                var left = training ? rng.NextInt64(w - side + 1) : (w - side) / 2;
                return CropPlan.Fill(top, left, side, side, Size, Size);
            }
        }
    }

    private static Tensor Image(Tensor image, CropPlan plan)
    {
        using var square = ImageOps.Crop(image, plan.Top, plan.Left, plan.Height, plan.Width);
        var resized = ImageOps.ResizeTo(square, plan.DestHeight, plan.DestWidth);
        if (plan.DestHeight == plan.OutHeight && plan.DestWidth == plan.OutWidth) return resized;
        using (resized)
            return nn.functional.pad(resized, [plan.DestLeft, plan.OutWidth - plan.DestWidth - plan.DestLeft, plan.DestTop,
                plan.OutHeight - plan.DestHeight - plan.DestTop]);
    }

    /// <summary>The same resize done on a decoded bitmap in one SkiaSharp draw (the fast path ImageBlock takes when Resize comes first and the item has
    /// no mask or points).</summary>
    public SKBitmap Apply(SKBitmap image, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (h, w) = (image.Height, image.Width);
        // The platform's native premultiplied layout: Skia's fast path (ImageDecoder.DecodeBitmap decodes into it too).
        var target = new SKBitmap(new SKImageInfo(Size, Size, SKImageInfo.PlatformColorType, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.Black);
        // Bilinear; mipmaps (Medium) only when shrinking by more than half, where bilinear alone would alias.
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, Size * 2 < Math.Min(h, w) ? SKMipmapMode.Nearest : SKMipmapMode.None);
        using var paint = new SKPaint { IsAntialias = false };
        SKRect source = new(0, 0, w, h), destination = new(0, 0, Size, Size);
        if (Method == ResizeMethod.Crop)
        {
            var side = Math.Min(h, w);   // the square of the source that becomes the output
            var top = training ? rng.NextInt64(h - side + 1) : (h - side) / 2;
            var left = training ? rng.NextInt64(w - side + 1) : (w - side) / 2;
            source = new SKRect(left, top, left + side, top + side);
        }
        else if (Method == ResizeMethod.Pad)
        {
            var scale = (float)Size / Math.Max(h, w);
            var (nh, nw) = (h * scale, w * scale);
            destination = new SKRect((Size - nw) / 2, (Size - nh) / 2, (Size + nw) / 2, (Size + nh) / 2);
        }
        using var pixels = SKImage.FromBitmap(image);
        canvas.DrawImage(pixels, source, destination, sampling, paint);
        return target;
    }
}
