using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>fastai's PointScaler: an item's points from pixels (x, y) of its image to [-1, 1] (the image's edges), the frame the batch transforms
/// and the model work in; PointBlock brings it after the other item transforms.</summary>
public sealed class PointScaler : IItemTransform, IExportableTransform
{
    /// <inheritdoc />
    public TransformSpec Spec() => new(nameof(PointScaler), []);

    /// <inheritdoc />
    public void Apply(Item item, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(item);
        var points = item.IndicesOf(TensorType.Points).ToList();
        if (points.Count == 0) return;
        var (h, w) = item.ImageSize() ?? throw new ArgumentException("PointScaler needs an image in the item to scale the points by");
        foreach (var i in points)
        {
            using var scope = NewDisposeScope();
            var scale = tensor(new[] { 2.0 / w, 2.0 / h }, dtype: item[i].dtype);
            item.Set(i, item[i].mul(scale).sub_(ScalarScope.One).MoveToOuterDisposeScope());
        }
    }
}
