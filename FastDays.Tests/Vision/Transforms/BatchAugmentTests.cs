using FastDays.Data;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Transforms;

/// <summary>The exact batch augmentations: Flip, RandomCrop with padding, RandomErasing.</summary>
public sealed class BatchAugmentTests
{
    private static Tensor Images(int n = 16, int h = 12, int w = 12) => rand([n, 1, h, w], generator: new Generator(7));

    private static Tensor Run(IBatchTransform t, Tensor x, bool training = true)
    {
        using var y = zeros(x.shape[0], dtype: ScalarType.Int64);
        return t.Apply(new Batch(x, y), training).X;
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    [Test]
    public void FlipMirrorsExactlyTheImagesItDrawsAndLeavesValidationAlone()
    {
        var x = Images(64);
        Assert.That(Same(Run(new Flip(p: 1), x), x.flip(-1)), Is.True, "p = 1 flips every image");
        Assert.That(Same(Run(new Flip(p: 0), x), x), Is.True, "p = 0 flips none");
        Assert.That(Same(Run(new Flip(p: 1), x, training: false), x), Is.True, "validation batches are not augmented");
        var y = Run(new Flip(p: 0.5, seed: 3), x);
        var flipped = Enumerable.Range(0, 64).Count(i => Same(y[i], x[i].flip(-1)));
        var kept = Enumerable.Range(0, 64).Count(i => Same(y[i], x[i]));
        Assert.That(flipped + kept, Is.EqualTo(64), "each image is either itself or its mirror");
        Assert.That(flipped, Is.InRange(20, 44), "about half are flipped");
        Assert.That(Same(Run(new Flip(p: 0.5, seed: 3), x), y), Is.True, "the same seed draws the same flips");
    }

    [Test]
    public void RandomCropTakesEachImageFromItsZeroPaddedCopyAtARandomOffset()
    {
        var x = Images(32);
        var crop = new RandomCrop(12, padding: 2, seed: 1);
        var y = Run(crop, x);
        Assert.That(y.shape, Is.EqualTo(x.shape));
        using var padded = nn.functional.pad(x, [2, 2, 2, 2]);
        var offsets = new HashSet<(int, int)>();
        for (var i = 0; i < 32; i++)
        {
            var match = (from dy in Enumerable.Range(0, 5)
                         from dx in Enumerable.Range(0, 5)
                         where Same(y[i], padded[i].narrow(1, dy, 12).narrow(2, dx, 12))
                         select (dy, dx)).ToList();
            Assert.That(match, Is.Not.Empty, $"image {i} is a crop of its padded copy");
            offsets.Add(match[0]);
        }
        Assert.That(offsets.Count, Is.GreaterThan(5), "the offsets vary");
        Assert.That(Same(Run(crop, x, training: false), x), Is.True, "validation takes the centre: the image itself");
        Assert.That(Same(Run(new RandomCrop(12, 2, seed: 1), x), y), Is.True, "seeded");
        Assert.That(Run(new RandomCrop(8), x, training: false).shape, Is.EqualTo(new long[] { 32, 1, 8, 8 }));
        Assert.That(() => Run(new RandomCrop(20), x), Throws.ArgumentException.With.Message.Contains("cannot crop"));
    }

    [Test]
    public void RandomErasingReplacesOneRectangleOfAtMostShOfTheAreaByNoise()
    {
        var x = Images(32, 20, 20);
        var y = Run(new RandomErasing(p: 1, sl: 0.05, sh: 0.3, seed: 4), x);
        for (var i = 0; i < 32; i++)
        {
            using var changed = y[i].ne(x[i])[0];
            var count = changed.sum().item<long>();
            Assert.That(count, Is.InRange(1, (long)(0.3 * 400) + 20), $"image {i}: the erased area is within sh of the image (rounding allowed)");
            // The changed pixels form one rectangle: their bounding box is full.
            var rows = changed.any(1).nonzero().reshape(-1).data<long>().ToArray();
            var cols = changed.any(0).nonzero().reshape(-1).data<long>().ToArray();
            Assert.That(count, Is.EqualTo((rows[^1] - rows[0] + 1) * (cols[^1] - cols[0] + 1)), $"image {i}: one rectangle");
        }
        Assert.That(Same(Run(new RandomErasing(p: 0), x), x), Is.True);
        Assert.That(Same(Run(new RandomErasing(p: 1), x, training: false), x), Is.True);
    }

    [Test]
    public void RandomErasingErasesTheSamePixelsInEveryChannelAndAtMostMaxCountRectanglesAnImage()
    {
        using var x = rand([24, 3, 16, 16], generator: new Generator(9));
        var y = Run(new RandomErasing(p: 1, sl: 0.02, sh: 0.2, maxCount: 3, seed: 5), x);
        Assert.That(Same(Run(new RandomErasing(p: 1, sl: 0.02, sh: 0.2, maxCount: 3, seed: 5), x), y), Is.True, "seeded");
        using var changed = y.ne(x);
        Assert.That(changed.any(1).unsqueeze(1).expand_as(changed).eq(changed).all().item<bool>(), Is.True,
            "a pixel erased in one channel is erased in all three");
        var perImage = changed[.., 0].sum([1, 2]).data<long>().ToArray();
        Assert.That(perImage, Has.All.InRange(1L, (long)(0.2 * 256) + 20), "each image loses between one pixel and sh of its area (three boxes of sh/3)");
        Assert.That(y.mean().item<float>(), Is.Not.EqualTo(x.mean().item<float>()));
    }
}
