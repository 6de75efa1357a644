namespace FastDays.Vision.Images;

/// <summary>The channels a decoded image is converted to.</summary>
public enum ImageMode
{
    /// <summary>Three channels; grayscale is replicated, alpha is dropped (as Pillow's convert("RGB")).</summary>
    Rgb,

    /// <summary>One channel of luminance, with Pillow's weights (0.299, 0.587, 0.114).</summary>
    Gray,
}
