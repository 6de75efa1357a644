using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>One geometric step of an item transform: the rectangle of the source that is kept, and where it lands in an output of a given size
/// (the rest of the output is padding); applied alike to an item's images, masks and points.</summary>
internal readonly record struct CropPlan(long Top, long Left, long Height, long Width, long DestTop, long DestLeft, long DestHeight, long DestWidth,
    long OutHeight, long OutWidth)
{
    /// <summary>A plan that keeps the source rectangle and fills the whole output with it.</summary>
    public static CropPlan Fill(long top, long left, long height, long width, long outHeight, long outWidth) =>
        new(top, left, height, width, 0, 0, outHeight, outWidth, outHeight, outWidth);

    /// <summary>The height and width that an item's geometry is measured in: its first image's, else its first mask's; an item with neither is
    /// refused.</summary>
    public static (long Height, long Width) SizeOf(Item item, string transform)
    {
        if (item.ImageSize() is { } size) return size;
        foreach (var i in item.IndicesOf(TensorType.Mask)) return (item[i].shape[^2], item[i].shape[^1]);
        throw new ArgumentException($"{transform} needs an image or a mask in the item, got parts of types {string.Join(", ", item.Types)}");
    }

    /// <summary>Applies the plan to the item's masks (nearest neighbour, padding code 0) and points (their pixel coordinates); images are left to the
    /// caller, which has its own interpolation.</summary>
    public void ApplyToMasksAndPoints(Item item)
    {
        foreach (var i in item.IndicesOf(TensorType.Mask)) item.Set(i, Mask(item[i]));
        foreach (var i in item.IndicesOf(TensorType.Points)) item.Set(i, Points(item[i]));
    }

    /// <summary>The mask (…, height, width) cropped, resized by nearest neighbour and padded.</summary>
    public Tensor Mask(Tensor mask)
    {
        using var scope = NewDisposeScope();
        var crop = mask.narrow(-2, Top, Height).narrow(-1, Left, Width);
        var lead = crop.shape[..^2];
        var flat = crop.reshape(1, -1, Height, Width).to_type(ScalarType.Float32);
        var resized = nn.functional.interpolate(flat, [DestHeight, DestWidth], mode: InterpolationMode.Nearest).to_type(mask.dtype);
        var padded = DestHeight == OutHeight && DestWidth == OutWidth ? resized
            : nn.functional.pad(resized, [DestLeft, OutWidth - DestWidth - DestLeft, DestTop, OutHeight - DestHeight - DestTop]);
        return padded.reshape([.. lead, OutHeight, OutWidth]).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Points (n, 2) as pixel (x, y) moved with the pixels they sit on.</summary>
    public Tensor Points(Tensor points)
    {
        using var scope = NewDisposeScope();
        var scale = tensor(new[] { (double)DestWidth / Width, (double)DestHeight / Height }, dtype: points.dtype);
        var from = tensor(new double[] { Left, Top }, dtype: points.dtype);
        var to = tensor(new double[] { DestLeft, DestTop }, dtype: points.dtype);
        return points.sub(from).mul_(scale).add_(to, ScalarScope.One).MoveToOuterDisposeScope();
    }
}
