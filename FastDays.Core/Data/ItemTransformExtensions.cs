using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>Item transforms applied to a lone image.</summary>
public static class ItemTransformExtensions
{
    /// <summary>Transforms one uint8 image (channels × height × width) as the only part of an item; returns a new tensor (the caller keeps its own).
    /// </summary>
    public static Tensor Apply(this IItemTransform transform, Tensor image, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(transform);
        using var item = Item.OfImage(image.alias());
        transform.Apply(item, rng, training);
        return item.Take(0);
    }
}
