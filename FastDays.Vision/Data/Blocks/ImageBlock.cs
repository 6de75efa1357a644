using FastDays.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>fastai's ImageBlock: an image file (or a uint8 tensor) decoded to uint8 (channels, height, width), RGB or grayscale; it brings
/// IntToFloatTensor to the batch transforms.</summary>
public sealed class ImageBlock(ImageMode mode = ImageMode.Rgb) : TransformBlock
{
    /// <summary>The channels images are decoded to.</summary>
    public ImageMode Mode { get; } = mode;

    /// <inheritdoc />
    public override TensorType Type => TensorType.Image;

    /// <inheritdoc />
    public override string Describe() => $"ImageBlock({Mode.ToString().ToLowerInvariant()})";

    /// <inheritdoc />
    public override IReadOnlyList<IBatchTransform> BatchTfms => [new IntToFloatTensor()];

    /// <inheritdoc />
    public override Tensor Encode(object value) => value switch
    {
        string path => ImageDecoder.Decode(path, Mode),
        Tensor t => Checked(t),
        _ => throw new InvalidDataException($"an ImageBlock takes a file path or a uint8 tensor, got {value?.GetType().Name ?? "null"}"),
    };

    /// <inheritdoc />
    public override Tensor? EncodeFused(object value, IItemTransform first, Random rng, bool training)
    {
        if (value is not string path || first is not Resize resize) return null;
        // Decoded and resized on the pixels in one SkiaSharp draw, then made a tensor once.
        using var bitmap = ImageDecoder.DecodeBitmap(path);
        using var resized = resize.Apply(bitmap, rng, training);
        return ImageDecoder.ToTensor(resized, Mode);
    }

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(ImageBlock), Type.Name, [], null, new() { ["mode"] = Mode.ToString().ToLowerInvariant() });

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null) => value;

    private Tensor Checked(Tensor t)
    {
        var channels = Mode == ImageMode.Rgb ? 3 : 1;
        if (t.dtype != ScalarType.Byte || t.dim() != 3 || t.shape[0] != channels)
            throw new InvalidDataException($"an ImageBlock({Mode}) takes uint8 ({channels}, height, width) tensors, got {t.dtype} {Formats.Shape(t)}");
        return t.clone();
    }
}
