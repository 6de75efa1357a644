namespace FastDays.Data;

/// <summary>What a part of an item or batch is (fastai's tensor subclasses: TensorImage, TensorMask, TensorPoint, TensorCategory, …), so that a
/// transform touches the parts it is meant for and each part is decoded its own way.</summary>
/// <remarks>Types compare by reference: a block of a new kind (text, users and items) declares its own instance once.</remarks>
public sealed class TensorType(string name)
{
    /// <summary>An untyped tensor: what a batch made from two plain tensors holds; transforms of images treat an untyped first input as the image.
    /// </summary>
    public static TensorType Generic { get; } = new("tensor");

    /// <summary>An image: uint8 (channels, height, width) in an item, float after IntToFloatTensor in a batch.</summary>
    public static TensorType Image { get; } = new("image");

    /// <summary>A segmentation mask: int64 (height, width) class codes, moved with the image by nearest-neighbour sampling.</summary>
    public static TensorType Mask { get; } = new("mask");

    /// <summary>Key points: float (points, 2) as (x, y), in pixels before PointScaler and in [-1, 1] of the image after.</summary>
    public static TensorType Points { get; } = new("points");

    /// <summary>A class index: an int64 scalar per item.</summary>
    public static TensorType Category { get; } = new("category");

    /// <summary>A set of classes: a float multi-hot row per item.</summary>
    public static TensorType MultiCategory { get; } = new("multi-category");

    /// <summary>Continuous targets: a float vector per item.</summary>
    public static TensorType Regression { get; } = new("regression");

    /// <summary>A text as token indices: an int64 vector per item, padded to the longest of a batch.</summary>
    public static TensorType Text { get; } = new("text");

    /// <summary>The type's name, for summaries and errors.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("a tensor type needs a name", nameof(name)) : name;

    /// <inheritdoc />
    public override string ToString() => Name;
}
