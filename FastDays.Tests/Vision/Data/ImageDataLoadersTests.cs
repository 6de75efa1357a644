using FastDays.Data;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Transforms;
using SkiaSharp;

namespace FastDays.Tests.Vision.Data;

public class ImageDataLoadersTests
{
    private static void WritePng(string path, int w, int h, SKColor color, SKColorType type = SKColorType.Rgba8888)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, type, SKAlphaType.Opaque));
        bitmap.Erase(color);
        using var s = File.Create(path);
        bitmap.Encode(s, SKEncodedImageFormat.Png, 100);
    }

    private static TempDirectory Pets(int perClass = 6)
    {
        var dir = new TempDirectory();
        for (var i = 0; i < perClass; i++)
        {
            WritePng(dir.File($"ankle_boot_{i}.png"), 20 + i, 16, SKColors.Red);                       // mixed sizes
            WritePng(dir.File($"bag_{i}.png"), 12, 18 + i, SKColors.Blue, SKColorType.Gray8);          // and channel counts
        }
        return dir;
    }

    private static float[] Target(BlockDataset ds, int i)
    {
        using var item = ds.GetItem(i);
        return item[1].to_type(TorchSharp.torch.ScalarType.Float32).reshape(-1).data<float>().ToArray();
    }

    [Test]
    public void FromNameReLabelsEachFileByItsNameAndMixedSizesJustWork()
    {
        using var dir = Pets();
        var dls = ImageDataLoaders.FromNameRe(dir.Path, @"^(.+)_\d+\.png$", [new Resize(16)], [new IntToFloatTensor()], bs: 4, validPct: 0.25);
        Assert.That(dls.Vocab, Is.EqualTo(new[] { "ankle_boot", "bag" }));
        Assert.That(dls.Train.Dataset.Count + dls.Valid.Dataset.Count, Is.EqualTo(12));
        var ds = (BlockDataset)dls.Train.Dataset;
        for (var i = 0; i < ds.Count; i++)
            Assert.That(Target(ds, i)[0], Is.EqualTo(Path.GetFileName(ds.Names[i]).StartsWith("bag", StringComparison.Ordinal) ? 1 : 0), ds.Names[i]);
        foreach (var batch in dls.Train)
            using (batch)
            {
                Assert.That(batch.X.shape[1..], Is.EqualTo(new long[] { 3, 16, 16 }));
                Assert.That(batch.X.dtype, Is.EqualTo(TorchSharp.torch.ScalarType.Float32));
            }
    }

    [Test]
    public void AFileThatDoesNotMatchThePatternIsNamed()
    {
        using var dir = Pets(2);
        WritePng(dir.File("mystery.png"), 10, 10, SKColors.Green);
        Assert.That(() => ImageDataLoaders.FromNameRe(dir.Path, @"^(.+)_\d+\.png$", [new Resize(8)], [], bs: 2, validPct: 0.5),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("mystery.png"));
    }

    [Test]
    public void BadFilesFailOrAreSkippedByPolicy()
    {
        using var dir = Pets(3);
        File.WriteAllBytes(dir.File("bag_90.png"), []);
        File.WriteAllText(dir.File("bag_91.png"), "text, not an image");
        var e = Assert.Throws<InvalidDataException>(() => ImageDataLoaders.FromNameRe(dir.Path, @"^(.+)_\d+\.png$", [new Resize(8)], [], bs: 2, validPct: 0.5));
        Assert.That(e!.Message, Does.Contain("bag_90.png").And.Contain("empty").And.Contain("bag_91.png").And.Contain("not an image"));
        var dls = ImageDataLoaders.FromNameRe(dir.Path, @"^(.+)_\d+\.png$", [new Resize(8)], [], bs: 2, validPct: 0.5, policy: BadImagePolicy.Skip);
        Assert.That(dls.Train.Dataset.Count + dls.Valid.Dataset.Count, Is.EqualTo(6));
    }

    [Test]
    public void ATruncatedImageFoundWhileLoadingIsReportedByNameNotACrash()
    {
        using var dir = Pets(3);
        var good = File.ReadAllBytes(dir.File("bag_0.png"));
        File.WriteAllBytes(dir.File("bag_0.png"), good[..^30]);   // the header still reads fine, the pixel data ends early
        var dls = ImageDataLoaders.FromNameRe(dir.Path, @"^(.+)_\d+\.png$", [new Resize(8)], [], bs: 6, validPct: 0.5);
        Assert.That(() => { foreach (var b in dls.Train.Concat(dls.Valid)) b.Dispose(); },
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("bag_0.png").And.Message.Contains("truncated"));
    }

    [Test]
    public void FromFolderAndFromCsvFollowFastai()
    {
        using var dir = new TempDirectory();
        foreach (var split in new[] { "train", "valid" })
            foreach (var label in new[] { "cat", "dog" })
            {
                Directory.CreateDirectory(dir.File(Path.Combine(split, label)));
                for (var i = 0; i < 2; i++) WritePng(dir.File(Path.Combine(split, label, $"{i}.png")), 9, 9, SKColors.White);
            }
        var dls = ImageDataLoaders.FromFolder(dir.Path, [new Resize(8)], [], bs: 2);
        Assert.That((dls.Train.Dataset.Count, dls.Valid.Dataset.Count), Is.EqualTo((4, 4)));
        Assert.That(dls.Vocab, Is.EqualTo(new[] { "cat", "dog" }));

        File.WriteAllLines(dir.File("labels.csv"),
            ["fname,labels", "train/cat/0.png,cat fluffy", "train/cat/1.png,cat", "train/dog/0.png,dog", "train/dog/1.png,dog fluffy", "valid/dog/0.png,dog"]);
        var multi = ImageDataLoaders.FromCsv(dir.Path, "labels.csv", [new Resize(8)], [], labelDelim: " ", bs: 2, validPct: 0.4);
        Assert.That(multi.Vocab, Is.EqualTo(new[] { "cat", "dog", "fluffy" }));
        Assert.That(multi.LossFunc, Is.TypeOf<FastDays.Losses.BceWithLogitsLossFlat>(), "the loss follows the target block");
        var ds = (BlockDataset)multi.Train.Dataset;
        var first = Enumerable.Range(0, ds.Count).Single(i => ds.Names[i].Contains(Path.Combine("train", "cat", "0.png"), StringComparison.Ordinal));
        Assert.That(Target(ds, first), Is.EqualTo(new[] { 1f, 0f, 1f }));
    }

    [Test]
    public void ACellOf20000LabelsIsMultiHotEncodedWithoutATensorPerLabel()
    {
        // Bench fuzz's deep-nesting mutant of a label CSV: one cell of tens of thousands of labels. Each label was a tensor written into the
        // targets cell by cell and left to the finalizer (which then ran beside libtorch: "tensor does not have a device", or a segmentation fault).
        using var dir = new TempDirectory();
        for (var i = 0; i < 4; i++) WritePng(dir.File($"img{i}.png"), 9, 9, SKColors.White);
        var many = string.Join(' ', Enumerable.Range(0, 20_000).Select(k => $"l{k:D5}"));
        File.WriteAllLines(dir.File("labels.csv"),
            ["fname,labels,is_valid", $"img0.png,{many},false", "img1.png,l00007,false", "img2.png,l19999 l00000,false", "img3.png,l00007,true"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var dls = ImageDataLoaders.FromCsv(dir.Path, "labels.csv", [new Resize(8)], [], labelDelim: " ", bs: 2, validCol: "is_valid");
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10));
        Assert.That(dls.Vocab, Has.Count.EqualTo(20_000));
        var datasets = new[] { (BlockDataset)dls.Train.Dataset, (BlockDataset)dls.Valid.Dataset };
        float[] Row(string name) => datasets.SelectMany(d => Enumerable.Range(0, d.Count).Where(i => d.Names[i].Contains(name, StringComparison.Ordinal))
            .Select(i => Target(d, i))).Single();
        Assert.That(Row("img0.png").Sum(), Is.EqualTo(20_000));
        Assert.That(Row("img1.png").Select((v, k) => (v, k)).Where(p => p.v == 1).Select(p => p.k), Is.EqualTo(new[] { 7 }));
        Assert.That(Row("img2.png").Select((v, k) => (v, k)).Where(p => p.v == 1).Select(p => p.k), Is.EqualTo(new[] { 0, 19_999 }));
    }
}
