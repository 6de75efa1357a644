namespace FastDays.Vision.Transforms;

/// <summary>How Resize reaches a square size: fastai's ResizeMethod.</summary>
public enum ResizeMethod
{
    /// <summary>Scale the shorter side to the size, then crop (random on the training set, centred on validation).</summary>
    Crop,

    /// <summary>Scale the longer side to the size, then pad the rest with zeros.</summary>
    Pad,

    /// <summary>Scale each side to the size, changing the aspect ratio.</summary>
    Squish,
}
