using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's Resize item transform: to a square size by cropping (random crop on training, centre crop on validation), padding or squishing.</summary>
public sealed class Resize(int size, ResizeMethod method = ResizeMethod.Crop) : IItemTransform
{
    /// <summary>The side of the square output.</summary>
    public int Size { get; } = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size), size, "the size must be positive");

    /// <summary>The resizing method.</summary>
    public ResizeMethod Method { get; } = method;

    /// <inheritdoc />
    public Tensor Apply(Tensor image, Random rng, bool training)
    {
        var (h, w) = (image.shape[1], image.shape[2]);
        switch (Method)
        {
            case ResizeMethod.Squish:
                return ImageOps.ResizeTo(image, Size, Size);
            case ResizeMethod.Pad:
            {
                var scale = (double)Size / Math.Max(h, w);
                var (nh, nw) = (Math.Max(1, (long)Math.Round(h * scale)), Math.Max(1, (long)Math.Round(w * scale)));
                using var resized = ImageOps.ResizeTo(image, nh, nw);
                var (top, left) = ((Size - nh) / 2, (Size - nw) / 2);
                return nn.functional.pad(resized, [left, Size - nw - left, top, Size - nh - top]);
            }
            default:
            {
                var scale = (double)Size / Math.Min(h, w);
                var (nh, nw) = (Math.Max(Size, (long)Math.Round(h * scale)), Math.Max(Size, (long)Math.Round(w * scale)));
                using var resized = ImageOps.ResizeTo(image, nh, nw);
                var top = training ? rng.NextInt64(nh - Size + 1) : (nh - Size) / 2;
                var left = training ? rng.NextInt64(nw - Size + 1) : (nw - Size) / 2;
                return ImageOps.Crop(resized, top, left, Size, Size);
            }
        }
    }
}
