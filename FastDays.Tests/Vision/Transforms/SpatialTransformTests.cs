using FastDays.Data;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Transforms;

/// <summary>An image, its mask and its points go through the same geometry: a point put on a marked pixel is still on it (in the mask and the image)
/// after every item and batch transform that moves pixels.</summary>
public class SpatialTransformTests
{
    private const int Height = 40, Width = 48;

    /// <summary>An item of a black image with a white 5 × 5 block, a mask coding the block 1, and a point on the block's centre pixel.</summary>
    private static Item MarkedItem(int top = 12, int left = 30)
    {
        var image = zeros([3, Height, Width], dtype: ScalarType.Byte);
        var mask = zeros([Height, Width], dtype: ScalarType.Int64);
        using (var block = image.narrow(1, top, 5).narrow(2, left, 5)) block.fill_(255);
        using (var block = mask.narrow(0, top, 5).narrow(1, left, 5)) block.fill_(1);
        var point = tensor(new[] { left + 2.5f, top + 2.5f }, [1, 2]);
        return new Item([image, mask, point], [TensorType.Image, TensorType.Mask, TensorType.Points]);
    }

    /// <summary>Whether the point (in pixels) lies on the marked pixels of both the mask and the image (channel 0, any scale).</summary>
    private static bool OnMark(Tensor image, Tensor mask, float x, float y, double bright)
    {
        var (r, c) = ((long)Math.Floor(y), (long)Math.Floor(x));
        return r >= 0 && c >= 0 && r < mask.shape[0] && c < mask.shape[1] && mask[r, c].item<long>() == 1
            && image[0, r, c].to_type(ScalarType.Float64).item<double>() > bright;
    }

    [TestCase(ResizeMethod.Crop, true)]
    [TestCase(ResizeMethod.Crop, false)]
    [TestCase(ResizeMethod.Pad, false)]
    [TestCase(ResizeMethod.Squish, true)]
    public void ResizeMovesMaskAndPointsWithTheImage(ResizeMethod method, bool training)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            using var item = MarkedItem(left: seed % 2 == 0 ? 30 : 6);
            new Resize(32, method).Apply(item, new Random(seed), training);
            Assert.That(item[0].shape, Is.EqualTo(new long[] { 3, 32, 32 }));
            Assert.That(item[1].shape, Is.EqualTo(new long[] { 32, 32 }));
            var (x, y) = (item[2][0, 0].item<float>(), item[2][0, 1].item<float>());
            if (method == ResizeMethod.Crop && (x < 0 || x >= 32)) continue;   // a random crop may cut the mark off
            Assert.That(OnMark(item[0], item[1], x, y, 200), $"seed {seed}: the point ({x}, {y}) left the mark");
        }
    }

    [Test]
    public void RandomResizedCropMovesMaskAndPointsWithTheImage()
    {
        var kept = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            using var item = MarkedItem();
            new RandomResizedCrop(24, minScale: 0.5).Apply(item, new Random(seed), training: true);
            var (x, y) = (item[2][0, 0].item<float>(), item[2][0, 1].item<float>());
            if (x < 0 || y < 0 || x >= 24 || y >= 24) continue;
            kept++;
            Assert.That(OnMark(item[0], item[1], x, y, 150), $"seed {seed}: the point ({x}, {y}) left the mark");
        }
        Assert.That(kept, Is.GreaterThan(10));
    }

    /// <summary>A batch of copies of the marked item after Resize and PointScaler, as a loader would collate it.</summary>
    private static Batch MarkedBatch(int n)
    {
        var items = Enumerable.Range(0, n).Select(i =>
        {
            var item = MarkedItem();
            new Resize(32, ResizeMethod.Squish).Apply(item, new Random(i), training: false);
            new PointScaler().Apply(item, new Random(i), training: false);
            return item;
        }).ToList();
        var parts = Enumerable.Range(0, 3).Select(p => stack([.. items.Select(item => item[p])])).ToList();
        foreach (var item in items) item.Dispose();
        using var bytes = new Batch(parts, [TensorType.Image, TensorType.Mask, TensorType.Points]);
        var floats = new IntToFloatTensor().Apply(bytes, training: true);
        return floats.WithParts([floats.X, bytes.Parts[1].clone(), bytes.Parts[2].clone()]);
    }

    [TestCase(null, 1.0)]
    [TestCase(24, 0.75)]
    public void FlipRotateZoomAndWarpMoveMaskAndPointsWithTheImage(int? size, double minScale)
    {
        var options = new AugOptions
        {
            MaxRotate = 30, MinZoom = 1, MaxZoom = 1.3, MaxWarp = 0.2, PAffine = 1, MaxLighting = 0, Size = size, MinScale = minScale,
        };
        var (checkedPoints, moved) = (0, 0);
        for (var seed = 0; seed < 6; seed++)
        {
            using var batch = MarkedBatch(8);
            using var output = new AugmentTransform(options with { Seed = seed }).Apply(batch, training: true, seed);
            var (h, w) = (output.X.shape[2], output.X.shape[3]);
            Assert.That(output.Parts[1].dtype, Is.EqualTo(ScalarType.Int64), "a mask keeps its integer codes");
            for (var i = 0; i < 8; i++)
            {
                var (u, v) = (output.Parts[2][i, 0, 0].item<float>(), output.Parts[2][i, 0, 1].item<float>());
                var (x, y) = ((u + 1) / 2 * w, (v + 1) / 2 * h);
                if (x < 0 || y < 0 || x >= w || y >= h) continue;
                checkedPoints++;
                if (Math.Abs(u - batch.Parts[2][i, 0, 0].item<float>()) > 0.05) moved++;
                Assert.That(OnMark(output.X[i], output.Parts[1][i], x, y, 0.5), $"seed {seed}, item {i}: the point ({x:F2}, {y:F2}) left the mark");
            }
        }
        Assert.That(checkedPoints, Is.GreaterThan(30));
        Assert.That(moved, Is.GreaterThan(checkedPoints / 2), "the augmentation moved the points");
    }

    [Test]
    public void DihedralAndRandomCropMoveMaskAndPointsWithTheImage()
    {
        var (checkedPoints, moved) = (0, 0);
        foreach (IBatchTransform transform in new IBatchTransform[] { new Dihedral(p: 1, seed: 3), new RandomCrop(24, padding: 4, seed: 5) })
            for (var seed = 0; seed < 4; seed++)
            {
                using var batch = MarkedBatch(8);
                using var output = transform.Apply(batch, training: true, seed);
                var (h, w) = (output.X.shape[2], output.X.shape[3]);
                Assert.That(output.Parts[1].shape[1..], Is.EqualTo(new[] { h, w }), $"{transform.GetType().Name}: the mask has the image's size");
                for (var i = 0; i < 8; i++)
                {
                    var (u, v) = (output.Parts[2][i, 0, 0].item<float>(), output.Parts[2][i, 0, 1].item<float>());
                    var (x, y) = ((u + 1) / 2 * w, (v + 1) / 2 * h);
                    if (x < 0 || y < 0 || x >= w || y >= h) continue;
                    checkedPoints++;
                    if (Math.Abs(u - batch.Parts[2][i, 0, 0].item<float>()) > 0.05 || Math.Abs(v - batch.Parts[2][i, 0, 1].item<float>()) > 0.05) moved++;
                    Assert.That(OnMark(output.X[i], output.Parts[1][i], x, y, 0.5), $"{transform.GetType().Name}, seed {seed}, item {i}: ({x:F2}, {y:F2})");
                }
            }
        Assert.That(checkedPoints, Is.GreaterThan(40));
        Assert.That(moved, Is.GreaterThan(checkedPoints / 2), "the transforms moved the points");
    }

    [Test]
    public void ValidationCentreResizeAndFlipMovePointsToo()
    {
        using var batch = MarkedBatch(4);
        using (var resized = new AugmentTransform(new AugOptions { Size = 20 }).Apply(batch, training: false, 0))
            for (var i = 0; i < 4; i++)
            {
                var (x, y) = ((resized.Parts[2][i, 0, 0].item<float>() + 1) / 2 * 20, (resized.Parts[2][i, 0, 1].item<float>() + 1) / 2 * 20);
                Assert.That(OnMark(resized.X[i], resized.Parts[1][i], x, y, 0.5), $"item {i}: ({x}, {y})");
            }
        using var flipped = new Flip(p: 1).Apply(batch, training: true, 0);
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = ((flipped.Parts[2][i, 0, 0].item<float>() + 1) / 2 * 32, (flipped.Parts[2][i, 0, 1].item<float>() + 1) / 2 * 32);
            Assert.That(x, Is.LessThan(16), "the mark was on the right");
            Assert.That(OnMark(flipped.X[i], flipped.Parts[1][i], x, y, 0.5), $"item {i}: ({x}, {y})");
        }
    }
}
