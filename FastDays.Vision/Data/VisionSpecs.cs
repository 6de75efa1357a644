using FastDays.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;

namespace FastDays.Vision.Data;

/// <summary>How an export's vision blocks and transforms are rebuilt (registered in DataSpecs when FastDays.Vision is first used).</summary>
internal static class VisionSpecs
{
    /// <summary>Registers the vision blocks and transforms.</summary>
    public static void Register()
    {
        DataSpecs.RegisterBlock(nameof(ImageBlock), s => new ImageBlock(s.Args?.GetValueOrDefault("mode") switch
        {
            null or "rgb" => ImageMode.Rgb,
            "gray" => ImageMode.Gray,
            var other => throw new ArgumentException($"an unknown image mode '{Formats.Clip(other)}'"),
        }));
        DataSpecs.RegisterBlock(nameof(PointBlock), _ => new PointBlock());
        DataSpecs.RegisterBlock(nameof(MaskBlock), s => new MaskBlock(s.Vocab, s.Args?.GetValueOrDefault("void")));
        DataSpecs.RegisterTransform(nameof(Resize), s => new Resize(Side(s), Enum.TryParse<ResizeMethod>(s.Args.GetValueOrDefault("method"), true, out var m)
            ? m : throw new ArgumentException($"an unknown resize method '{Formats.Clip(s.Args.GetValueOrDefault("method") ?? "")}'")));
        DataSpecs.RegisterTransform(nameof(RandomResizedCrop), s => new RandomResizedCrop(Side(s), DataSpecs.NumberSetting(s, "min_scale")));
        DataSpecs.RegisterTransform(nameof(PointScaler), _ => new PointScaler());
        DataSpecs.RegisterTransform(nameof(AugmentTransform), s => new AugmentTransform(new AugOptions { Size = s.Args.ContainsKey("size") ? Side(s) : null }));
    }

    private static int Side(TransformSpec s)
    {
        var side = DataSpecs.IntSetting(s, "size");
        return side is >= 1 and <= 16_384 ? side : throw new ArgumentException($"a size of {side} pixels");
    }
}
