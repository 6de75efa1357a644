using FastDays.Data;
using FastDays.Vision.Images;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>fastai's MaskBlock: a segmentation mask — a grayscale image file whose pixel values are class codes, or an integer (height, width) tensor —
/// as int64 codes; item and batch transforms move it with its image by nearest-neighbour sampling. Its loss is cross-entropy over every pixel
/// (CrossEntropyLossFlat with axis 1), which skips the pixels of the void code when there is one.</summary>
/// <param name="codes">The names of the classes, indexed by code (fastai's codes.txt).</param>
/// <param name="voidName">The name of the code that marks pixels to ignore (CamVid's Void), or null for none.</param>
public sealed class MaskBlock(IReadOnlyList<string> codes, string? voidName = null) : TransformBlock
{
    /// <summary>The names of the classes, indexed by code.</summary>
    public IReadOnlyList<string> Codes { get; } = codes is { Count: > 0 } ? [.. codes] : throw new ArgumentException("a MaskBlock needs its codes",
        nameof(codes));

    /// <summary>The code whose pixels the loss and the segmentation metrics ignore, or null.</summary>
    public long? VoidCode { get; } = voidName is null ? null : codes?.ToList().IndexOf(voidName) is >= 0 and var i ? i
        : throw new ArgumentException($"the void code '{Formats.Clip(voidName)}' is not one of the codes", nameof(voidName));

    /// <inheritdoc />
    public override Losses.LossFunction LossFunc => new Losses.CrossEntropyLossFlat(axis: 1, ignoreIndex: VoidCode ?? -100);

    /// <inheritdoc />
    public override TensorType Type => TensorType.Mask;

    /// <inheritdoc />
    public override IReadOnlyList<string> Vocab => Codes;

    /// <inheritdoc />
    public override string Describe() => $"MaskBlock({Codes.Count} codes{(VoidCode is { } v ? $", void {Codes[(int)v]}" : "")})";

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
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.dim() != 2) throw new ArgumentException($"a mask decodes from a (height, width) tensor, got {Formats.Shape(value)}", nameof(value));
        using var scope = NewDisposeScope();
        var codes = value.cpu().to_type(ScalarType.Int32).contiguous().data<int>().ToArray();
        return new DecodedMask((int)value.shape[0], (int)value.shape[1], codes);
    }

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(MaskBlock), Type.Name, [.. Codes], null,
        VoidCode is { } v ? new Dictionary<string, string> { ["void"] = Codes[(int)v] } : null);

    /// <inheritdoc />
    public override string Show(object decoded) => decoded is DecodedMask mask ? Summarize(mask) : base.Show(decoded);

    // The classes a mask holds, the most frequent first, with their share of the pixels.
    private string Summarize(DecodedMask mask)
    {
        var counts = mask.Counts(Codes.Count);
        var total = Math.Max(1, counts.Sum());
        return string.Join(", ", counts.Select((c, i) => (Count: c, Code: i)).Where(p => p.Count > 0).OrderByDescending(p => p.Count)
            .Select(p => FormattableString.Invariant($"{Codes[p.Code]} {100.0 * p.Count / total:F0}%")));
    }
}
