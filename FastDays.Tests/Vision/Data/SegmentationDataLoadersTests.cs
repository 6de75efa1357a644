using FastDays.Data;
using FastDays.Modules;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Data;

public sealed class SegmentationDataLoadersTests
{
    // A CamVid-style folder: n images of 20 × 24 with masks whose left half is code 1, a void column, and codes.txt and valid.txt.
    private static (string Path, List<string> Files) CamVid(TempDirectory dir, int n)
    {
        Directory.CreateDirectory(dir.File("images"));
        var files = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var file = dir.File(Path.Combine("images", $"{i:D3}.png"));
            using (var bitmap = new SKBitmap(24, 20))
            {
                bitmap.Erase(new SKColor((byte)(40 * i), 90, 200));
                using var stream = File.Create(file);
                bitmap.Encode(stream, SKEncodedImageFormat.Png, 100);
            }
            var mask = zeros([20, 24], ScalarType.Int64);
            mask[.., ..12] = tensor(1L);
            mask[.., 12] = tensor(2L);
            MaskPng.Save(dir.File(Path.Combine("labels", $"{i:D3}_P.png")), mask);
            files.Add(file);
        }
        File.WriteAllText(dir.File("codes.txt"), "Background\nGarment\nVoid\n");
        File.WriteAllText(dir.File("valid.txt"), "003.png\n004.png\n");
        return (dir.Path, files);
    }

    [Test]
    public void MasksComeWithTheirImagesSplitByTheValidListAndRoundTripThroughPng()
    {
        using var dir = new TempDirectory();
        var (path, files) = CamVid(dir, 5);
        var codes = SegmentationDataLoaders.ReadCodes(dir.File("codes.txt"));
        var dls = SegmentationDataLoaders.FromLabelFunc(path, files, f => Path.Combine(path, "labels", $"{Path.GetFileNameWithoutExtension(f)}_P.png"),
            codes, [new Resize(16)], [Normalize.ImageNet()], bs: 2, voidName: "Void", validList: dir.File("valid.txt"));
        Assert.That(((BlockDataset)dls.Valid.Dataset).Names, Is.EqualTo(new[] { Path.Combine("images", "003.png"), Path.Combine("images", "004.png") }));
        using var batch = dls.Train.OneBatch();
        Assert.That(batch.Y.shape, Is.EqualTo(new long[] { 2, 16, 16 }), "masks resized with their images");
        Assert.That(batch.Y.dtype, Is.EqualTo(ScalarType.Int64));
        var values = batch.Y.unique().Item1.data<long>().ToArray();
        Assert.That(values, Is.SubsetOf(new long[] { 0, 1, 2 }), "nearest-neighbour sampling keeps codes whole");
        Assert.That(dls.C, Is.EqualTo(3));
        Assert.That(dls.LossFunc, Is.TypeOf<FastDays.Losses.CrossEntropyLossFlat>().With.Property("Axis").EqualTo(1).And.Property("IgnoreIndex").EqualTo(2));
        var block = (MaskBlock)dls.TargetBlock!;
        var decoded = (DecodedMask)block.Decode(batch.Y[0]);
        Assert.That(block.Show(decoded), Does.StartWith("Garment").Or.StartWith("Background"));
        MaskPng.Save(dir.File("back.png"), decoded);
        using var read = block.Encode(dir.File("back.png"));
        Assert.That(read.equal(batch.Y[0]).all().item<bool>(), "a mask written as PNG reads back as the same codes");
    }

    [Test]
    public void AMissingMaskOrCodesFileIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        var (path, files) = CamVid(dir, 3);
        File.Delete(dir.File(Path.Combine("labels", "001_P.png")));
        Assert.That(() => SegmentationDataLoaders.FromLabelFunc(path, files, f => Path.Combine(path, "labels", $"{Path.GetFileNameWithoutExtension(f)}_P.png"),
                ["a", "b", "c"], [], []),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("001_P.png").And.Message.Contains(Path.Combine("images", "001.png")));
        Assert.That(() => SegmentationDataLoaders.ReadCodes(dir.File("nothing.txt")),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("nothing.txt"));
        Assert.That(() => new MaskBlock(["a", "b"], "Void"), Throws.ArgumentException.With.Message.Contains("Void"));
    }

    [Test]
    public void AUnetExportWithAnAbsurdImageSizeIsRefusedBeforeAnythingIsBuilt()
    {
        var spec = UnetLearners.Spec(VisionArch.ResNet18, 3, (64, 64));
        var args = new Dictionary<string, string>(spec.Args) { ["img_size"] = "100000,100000" };
        Assert.That(() => ModelZoo.Create(spec with { Args = args }), Throws.InstanceOf<FormatException>().With.Message.Contains("img_size"));
    }
}
