using FastDays.Data;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Data.Blocks;

/// <summary>The vision blocks: images, masks and points decode what they encode, are checked against each other, and build summaries and errors that
/// name the item.</summary>
public class VisionBlockTests
{
    private static void WritePng(string path, int w, int h, Action<SKCanvas>? draw = null, SKColorType type = SKColorType.Rgba8888)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, type, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            draw?.Invoke(canvas);
        }
        using var s = File.Create(path);
        bitmap.Encode(s, SKEncodedImageFormat.Png, 100);
    }

    [Test]
    public void ImageAndMaskDecodeWhatTheyEncode()
    {
        using var dir = new TempDirectory();
        WritePng(dir.File("img.png"), 6, 4, c => c.DrawPoint(2, 1, SKColors.White));
        using var image = new ImageBlock().Encode(dir.File("img.png"));
        Assert.That(image.shape, Is.EqualTo(new long[] { 3, 4, 6 }));
        Assert.That(new ImageBlock().Decode(image), Is.SameAs(image));
        using var gray = new ImageBlock(ImageMode.Gray).Encode(image[..1].clone());
        Assert.That(gray.shape, Is.EqualTo(new long[] { 1, 4, 6 }));

        WritePng(dir.File("mask.png"), 6, 4, c => c.DrawPoint(2, 1, new SKColor(2, 2, 2)), SKColorType.Gray8);
        var block = new MaskBlock(["background", "edge", "hole"]);
        using var mask = block.Encode(dir.File("mask.png"));
        Assert.That(mask.dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(mask[1, 2].item<long>(), Is.EqualTo(2));
        Assert.That(mask.sum().item<long>(), Is.EqualTo(2));
        var decoded = (DecodedMask)block.Decode(mask);
        using var back = decoded.ToTensor();
        Assert.That(back.eq(mask).all().item<bool>());
        Assert.That(decoded.Counts(3), Is.EqualTo(new long[] { 23, 0, 1 }));
        Assert.That(() => new MaskBlock(["background", "edge"]).Encode(dir.File("mask.png")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("code 2 but the block has 2 codes"));
    }

    [Test]
    public void PointsDecodeBackToTheirPixelsThroughPointScaler()
    {
        var block = new PointBlock();
        float[] pixels = [3.5f, 1.5f, 0f, 4f];
        block.Setup([pixels]);
        Assert.That(block.OutputSize, Is.EqualTo(4));
        using var item = new Item([zeros([3, 4, 6], dtype: ScalarType.Byte), block.Encode(pixels)], [TensorType.Image, TensorType.Points]);
        block.Check(item, 1);
        new PointScaler().Apply(item, new Random(0), training: false);
        Assert.That(item[1].data<float>().ToArray(), Is.EqualTo(new[] { 3.5f / 3 - 1, 1.5f / 2 - 1, -1f, 1f }).Within(1e-6));
        Assert.That(block.Decode(item[1], (4, 6)), Is.EqualTo(pixels).Within(1e-5));
        Assert.That(block.Show(block.Decode(item[1], (4, 6))), Is.EqualTo("(3.5, 1.5) (0.0, 4.0)"));
        using var outside = new Item([zeros([3, 4, 6], dtype: ScalarType.Byte), block.Encode(new[] { 7f, 1f, 0f, 0f })], [TensorType.Image, TensorType.Points]);
        Assert.That(() => block.Check(outside, 1), Throws.TypeOf<InvalidDataException>().With.Message.Contains("(7, 1) is outside the 6 × 4 image"));
        Assert.That(() => block.Encode(new[] { 1f, 2f }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("1 points where the training items have 2"));
    }

    private static TempDirectory Garments()
    {
        var dir = new TempDirectory();
        var rows = new List<string> { "fname,x,y" };
        for (var i = 0; i < 8; i++)
        {
            var (x, y) = (4 + i, 10 - i);
            WritePng(dir.File($"{(i % 2 == 0 ? "shirt" : "bag")}_{i}.png"), 20, 16, c => c.DrawPoint(x, y, SKColors.White));
            rows.Add($"{(i % 2 == 0 ? "shirt" : "bag")}_{i}.png,{x + 0.5},{y + 0.5}");
        }
        File.WriteAllLines(dir.File("points.csv"), rows);
        return dir;
    }

    [Test]
    public void SummaryPrintsEveryStepOfThePipeline()
    {
        using var dir = Garments();
        var block = new DataBlock<string>
        {
            Blocks = [new ImageBlock(), new CategoryBlock()],
            GetItems = ImageDataLoaders.GetImageFiles,
            GetY = Labellers.RegexLabeller(@"^(.+)_\d+\.png$"),
            Splitter = Splitters.RandomSplitter(0.25, seed: 1),
            ItemTfms = [new Resize(12)],
            BatchTfms = Augmentation.AugTransforms(new AugOptions { Size = 8 }, Normalize.ImageNet()),
        };
        var summary = block.Summary(dir.Path);
        Assert.That(summary, Does.Contain("Found 8 items").And.Contain("2 datasets of sizes 6,2").And.Contain("CategoryBlock: the getter gives bag")
            .And.Contain("applying Resize gives image Byte [3, 12, 12]").And.Contain("Collating items in a batch")
            .And.Contain("applying IntToFloatTensor gives image Float32 [4, 3, 12, 12]")
            .And.Contain("applying AugmentTransform gives image Float32 [4, 3, 8, 8]")
            .And.Contain("applying Normalize"), summary);
        Assert.That(summary, Does.Not.Contain("FAILED"));

        var broken = new DataBlock<string>
        {
            Blocks = [new ImageBlock(), new CategoryBlock()], GetItems = ImageDataLoaders.GetImageFiles, GetY = Labellers.RegexLabeller(@"^(shirt)_\d+\.png$"),
        };
        var failed = broken.Summary(dir.Path);
        Assert.That(failed, Does.Contain("FAILED: ").And.Contain("bag_1.png: the file name does not match the label pattern"), failed);
    }

    [Test]
    public void PointsFromACsvTrainAndBadRowsAreNamed()
    {
        using var dir = Garments();
        var rows = CsvRows.Read(dir.File("points.csv"));
        var block = new DataBlock<IReadOnlyDictionary<string, string>>
        {
            Blocks = [new ImageBlock(), new PointBlock()],
            GetX = r => dir.File(r["fname"]),
            GetY = r => new[] { float.Parse(r["x"], System.Globalization.CultureInfo.InvariantCulture), float.Parse(r["y"],
                System.Globalization.CultureInfo.InvariantCulture) },
            Splitter = Splitters.EndSplitter(0.25),
            ItemTfms = [new Resize(16)],
            Name = r => r["fname"],
        };
        var dls = block.Dataloaders(rows, bs: 8);
        Assert.That(dls.C, Is.EqualTo(2));
        Assert.That(dls.LossFunc, Is.TypeOf<FastDays.Losses.MseLossFlat>());
        using var batch = dls.Valid.OneBatch();
        Assert.That(batch.Y.shape, Is.EqualTo(new long[] { 2, 1, 2 }));
        for (var i = 0; i < 2; i++)
        {
            var (x, y) = ((batch.Y[i, 0, 0].item<float>() + 1) / 2 * 16, (batch.Y[i, 0, 1].item<float>() + 1) / 2 * 16);
            Assert.That(batch.X[i, 0, (long)y, (long)x].item<float>(), Is.GreaterThan(0.2f), $"item {i}: the point ({x}, {y}) is on its white pixel");
        }

        var outside = rows.Select(r => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(r)).ToList();
        ((Dictionary<string, string>)outside[6])["x"] = "25";
        Assert.That(() => { foreach (var b in block.Dataloaders(outside, bs: 8).Valid) b.Dispose(); },
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("shirt_6.png: PointBlock(1 point): the point (25, 4.5) is outside the 20 × 16 image"));
    }

    [Test]
    public void SeveralInputsAndTargetsTravelTogetherEachTransformedByItsType()
    {
        using var dir = Garments();
        var files = ImageDataLoaders.GetImageFiles(dir.Path);
        var block = new DataBlock<string>
        {
            Blocks = [new ImageBlock(), new ImageBlock(ImageMode.Gray), new CategoryBlock(), new RegressionBlock()],
            NInp = 2,
            Getters = [f => f, f => f, Labellers.RegexLabeller(@"^(.+)_\d+\.png$"), f => (double)files.IndexOf(f)],
            Splitter = Splitters.EndSplitter(0.25),
            ItemTfms = [new Resize(12)],
            BatchTfms = [new Flip(p: 1)],
        };
        var dls = block.Dataloaders(files, bs: 6);
        using var batch = dls.Train.OneBatch();
        Assert.That(batch.Types, Is.EqualTo(new[] { TensorType.Image, TensorType.Image, TensorType.Category, TensorType.Regression }));
        Assert.That((batch.NInp, batch.Xs.Count, batch.Ys.Count), Is.EqualTo((2, 2, 2)));
        Assert.That(batch.Xs[0].shape, Is.EqualTo(new long[] { 6, 3, 12, 12 }));
        Assert.That(batch.Xs[1].shape, Is.EqualTo(new long[] { 6, 1, 12, 12 }));
        Assert.That(batch.Xs[1].dtype, Is.EqualTo(ScalarType.Float32), "IntToFloatTensor, brought by the image blocks, scales both images");
        Assert.That(batch.Ys[0].dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(batch.Ys[1].shape, Is.EqualTo(new long[] { 6, 1 }));
        // The same flip for both images of an item (white dots on black: the gray image is the colour image's first channel).
        using var difference = (batch.Xs[0].narrow(1, 0, 1) - batch.Xs[1]).abs().max();
        Assert.That(difference.item<float>(), Is.LessThan(1e-6f));
        using var sum = batch.Xs[0].sum();
        Assert.That(sum.item<float>(), Is.GreaterThan(0), "the dots survived");
        var ds = (BlockDataset)dls.Train.Dataset;
        using var unflipped = ds.GetBatch(dls.Train.Order(0)[..6], dls.Train.BatchSeed(0, 0));
        using var flippedBack = batch.Xs[1].flip(-1);
        using var expected = unflipped.Xs[1].to_type(ScalarType.Float32).div(255f);
        using var gap = (flippedBack - expected).abs().max();
        Assert.That(gap.item<float>(), Is.LessThan(1e-6f), "the flip is exact and the order is the training order");
    }

    [Test]
    public void ALabelFileNamingAMissingImageIsNamed()
    {
        using var dir = Garments();
        File.AppendAllLines(dir.File("points.csv"), ["coat_9.png,1,1"]);
        Assert.That(() => ImageDataLoaders.FromCsv(dir.Path, "points.csv", [new Resize(8)], [], labelCol: "x"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("coat_9.png"));
    }
}
