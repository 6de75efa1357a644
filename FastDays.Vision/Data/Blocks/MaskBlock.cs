using FastDays.Data;
using FastDays.Vision.Images;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>fastai's MaskBlock: a segmentation mask — a grayscale image file whose pixel values are class codes, or an integer (height, width) tensor —
/// as int64 codes; item and batch transforms move it with its image by nearest-neighbour sampling.</summary>
public sealed class MaskBlock(IReadOnlyList<string> codes) : TransformBlock
{
    /// <summary>The names of the classes, indexed by code.</summary>
    public IReadOnlyList<string> Codes { get; } = codes is { Count: > 0 } ? [.. codes] : throw new ArgumentException("a MaskBlock needs its codes",
        nameof(codes));

    /// <inheritdoc />
    public override TensorType Type => TensorType.Mask;

    /// <inheritdoc />
    public override IReadOnlyList<string> Vocab => Codes;

    /// <inheritdoc />
    public override string Describe() => $"MaskBlock({Codes.Count} codes)";

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        using var scope = NewDisposeScope();
        var mask = value switch
        {
            string path => ImageDecoder.Decode(path, ImageMode.Gray)[0],
            Tensor t when t.dim() == 2 && !t.is_floating_point() => t,
            Tensor t => throw new InvalidDataException($"a MaskBlock takes integer (height, width) tensors, got {t.dtype} {Formats.Shape(t)}"),
            _ => throw new InvalidDataException($"a MaskBlock takes a file path or a tensor, got {value?.GetType().Name ?? "null"}"),
        };
        var codes = mask.to_type(ScalarType.Int64);
        var (low, high) = (codes.min().item<long>(), codes.max().item<long>());
        if (low < 0 || high >= Codes.Count)
            throw new InvalidDataException($"the mask holds code {(low < 0 ? low : high)} but the block has {Codes.Count} codes");
        return codes.clone().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override void Check(Item item, int index)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.ImageSize() is { } size && (item[index].shape[^2], item[index].shape[^1]) != size)
            throw new InvalidDataException($"the mask is {Formats.Shape(item[index])} but the image is {size.Height} × {size.Width}");
    }

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null) => value;

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(MaskBlock), Type.Name, [.. Codes], null);
}
