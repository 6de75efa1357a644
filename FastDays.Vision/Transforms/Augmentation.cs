using FastDays.Data;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's aug_transforms and the usual batch pipeline.</summary>
public static class Augmentation
{
    /// <summary>The batch transforms of fastai's aug_transforms (flip, rotate, zoom, warp, lighting — one fused warp), preceded by IntToFloatTensor
    /// and followed by a Normalize when given.</summary>
    public static IBatchTransform[] AugTransforms(AugOptions? options = null, Normalize? normalize = null) =>
        [new IntToFloatTensor(), new AugmentTransform(options ?? new AugOptions()), .. normalize is null ? Array.Empty<IBatchTransform>() : [normalize]];
}
