using FastDays.Data;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Transforms;

public class TransformTests
{
    private static Tensor Images(int n = 4, int h = 20, int w = 20) => rand([n, 3, h, w], generator: new Generator(5));

    private static Tensor Run(IBatchTransform t, Tensor x, bool training = true)
    {
        using var y = zeros(x.shape[0], dtype: ScalarType.Int64);
        return t.Apply(new Batch(x, y), training).X;
    }

    private static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Test]
    public void EveryAugmentationAtZeroStrengthIsTheIdentityAndKeepsTheShape()
    {
        var x = Images(8);
        var zero = new AugOptions { DoFlip = false, MaxRotate = 0, MinZoom = 1, MaxZoom = 1, MaxLighting = 0, MaxWarp = 0, PAffine = 1, PLighting = 1 };
        Assert.That(MaxDiff(Run(new AugmentTransform(zero), x), x), Is.LessThan(1e-5));
        foreach (var single in new[]
        {
            zero with { MaxRotate = 30 }, zero with { MaxZoom = 1.5 }, zero with { MaxWarp = 0.4 }, zero with { MaxLighting = 0.5 },
                zero with { DoFlip = true },
        })
        {
            var y = Run(new AugmentTransform(single), x);
            Assert.That(y.shape, Is.EqualTo(x.shape), single.ToString());
            Assert.That(MaxDiff(y, x), Is.GreaterThan(1e-3), $"{single} changes the images");
        }
        Assert.That(Run(new AugmentTransform(zero with { Size = 12 }), x).shape, Is.EqualTo(new long[] { 8, 3, 12, 12 }));
    }

    [Test]
    public void FlipsAndQuarterTurnsAreExact()
    {
        var x = Images(8, 10, 10);
        var flipAll = new AugOptions { DoFlip = true, PAffine = 0, PLighting = 0, Seed = 3 };
        var y = Run(new AugmentTransform(flipAll), x);
        for (var i = 0; i < 8; i++)
            Assert.That(y[i].eq(x[i]).all().item<bool>() || y[i].eq(x[i].flip(2)).all().item<bool>(), Is.True, $"item {i} is itself or its exact mirror");
        Assert.That(Enumerable.Range(0, 8).Count(i => !y[i].eq(x[i]).all().item<bool>()), Is.InRange(1, 7), "about half are flipped");
        var img = arange(9).reshape(1, 3, 3);
        Assert.That(Dihedral.Apply(img, 1)[0].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 5, 8, 1, 4, 7, 0, 3, 6 }), "a quarter turn anticlockwise");
        Assert.That(Dihedral.Apply(img, 2)[0].data<long>().ToArray(), Is.EqualTo(new long[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 }));
        Assert.That(Dihedral.Apply(img, 4)[0].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 1, 0, 5, 4, 3, 8, 7, 6 }));
    }

    [Test]
    public void AValidationBatchIsDeterministicAndUnaugmented()
    {
        var x = Images();
        var aug = new AugmentTransform(new AugOptions { Size = 16 });
        var a = Run(aug, x, training: false);
        var b = Run(aug, x, training: false);
        Assert.That(a.eq(b).all().item<bool>(), Is.True);
        Assert.That(a.shape, Is.EqualTo(new long[] { 4, 3, 16, 16 }));
        Assert.That(Run(new AugmentTransform(new AugOptions()), x, training: false), Is.SameAs(x));
        var t1 = Run(new AugmentTransform(new AugOptions { Seed = 9 }), x);
        var t2 = Run(new AugmentTransform(new AugOptions { Seed = 9 }), x);
        Assert.That(t1.eq(t2).all().item<bool>(), Is.True, "the same seed gives the same augmentation");
    }

    [TestCase(ResizeMethod.Crop)]
    [TestCase(ResizeMethod.Pad)]
    [TestCase(ResizeMethod.Squish)]
    public void ResizeGivesASquareOfTheSizeFromAnyShape(ResizeMethod method)
    {
        var image = randint(0, 256, [1, 30, 50], dtype: ScalarType.Byte);
        var rng = new Random(1);
        var train = new Resize(24, method).Apply(image, rng, training: true);
        var valid = new Resize(24, method).Apply(image, rng, training: false);
        Assert.That(train.shape, Is.EqualTo(new long[] { 1, 24, 24 }));
        Assert.That(valid.shape, Is.EqualTo(new long[] { 1, 24, 24 }));
        Assert.That(valid.eq(new Resize(24, method).Apply(image, new Random(7), training: false)).all().item<bool>(), Is.True, "validation is deterministic");
        Assert.That(new RandomResizedCrop(16).Apply(image, rng, true).shape, Is.EqualTo(new long[] { 1, 16, 16 }));
    }

    [TestCase(600_000, 1)]
    [TestCase(1, 600_000)]
    public void AnImageOfAnyAspectRatioIsCroppedBeforeItIsResized(int width, int height)
    {
        // Resizing the shorter side of a 600,000 × 1 image to 28 first would make 28 × 16.8 million pixels (6 GB in predict); fastai's order, the
        // square cut from the original first, costs no more than the image itself.
        using var image = arange(width * height, dtype: ScalarType.Int64).remainder(251).to_type(ScalarType.Byte).reshape(1, height, width);
        Tensor? valid = null, train = null;
        var growth = FastDays.Examples.Cli.SelfProcess.PeakGrowth(() =>
        {
            valid = new Resize(28).Apply(image, new Random(0), training: false);
            train = new Resize(28).Apply(image, new Random(0), training: true);
        });
        using (valid) using (train)
        {
            Assert.That(growth, Is.LessThan(64 << 20), $"peak resident memory grew by {growth >> 20} MB");
            Assert.That(valid!.shape, Is.EqualTo(new long[] { 1, 28, 28 }));
            Assert.That(train!.shape, Is.EqualTo(new long[] { 1, 28, 28 }));
            // The one pixel of the centre (validation) is what the whole output shows.
            var centre = image.view(-1)[(Math.Max(width, height) - 1) / 2].item<byte>();
            Assert.That(valid.eq(centre).all().item<bool>(), Is.True);
        }
    }

    [Test]
    public void ResizingATensorAgreesWithResizingTheDecodedBitmap()
    {
        // The tensor path (predict, item transforms after others) and the bitmap path (ImageDataset's first transform) both cut the square first.
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(48, 30, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
        for (var r = 0; r < 30; r++)
            for (var c = 0; c < 48; c++) bitmap.SetPixel(c, r, new SkiaSharp.SKColor((byte)(c * 5), (byte)(r * 8), (byte)((c + r) * 3)));
        using var image = FastDays.Vision.Images.ImageDecoder.ToTensor(bitmap);
        using var fromTensor = new Resize(20).Apply(image, new Random(0), training: false);
        using var resized = new Resize(20).Apply(bitmap, new Random(0), training: false);
        using var fromBitmap = FastDays.Vision.Images.ImageDecoder.ToTensor(resized);
        using var difference = fromTensor.to_type(ScalarType.Float32).sub(fromBitmap.to_type(ScalarType.Float32)).abs().mean();
        Assert.That(difference.item<float>(), Is.LessThan(3), "mean absolute difference in levels of 255");
    }
}
