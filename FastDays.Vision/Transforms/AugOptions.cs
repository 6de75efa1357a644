namespace FastDays.Vision.Transforms;

/// <summary>The options of fastai's aug_transforms, with its defaults; Size and MinScale add the batch random-resized crop of presizing.</summary>
public sealed record AugOptions
{
    /// <summary>Flip horizontally with probability 0.5.</summary>
    public bool DoFlip { get; init; } = true;
    /// <summary>Also flip vertically (for images with no up).</summary>
    public bool FlipVert { get; init; }
    /// <summary>The largest rotation, in degrees.</summary>
    public double MaxRotate { get; init; } = 10;
    /// <summary>The smallest zoom factor.</summary>
    public double MinZoom { get; init; } = 1;
    /// <summary>The largest zoom factor.</summary>
    public double MaxZoom { get; init; } = 1.1;
    /// <summary>The largest change of brightness and contrast.</summary>
    public double MaxLighting { get; init; } = 0.2;
    /// <summary>The largest perspective warp.</summary>
    public double MaxWarp { get; init; } = 0.2;
    /// <summary>The probability of the affine part (rotate, zoom, warp) for each image.</summary>
    public double PAffine { get; init; } = 0.75;
    /// <summary>The probability of the lighting part for each image.</summary>
    public double PLighting { get; init; } = 0.75;
    /// <summary>The output side length (null keeps the input size).</summary>
    public int? Size { get; init; }
    /// <summary>With Size, the smallest fraction of the area the random crop keeps (fastai's min_scale; 1 means no crop).</summary>
    public double MinScale { get; init; } = 1;
    /// <summary>The seed of the random draws.</summary>
    public int Seed { get; init; }
}
