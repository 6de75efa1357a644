using System.Text.Json;
using FastDays.Tests.Support;
using FastDays.Vision.Images;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Images;

/// <summary>Decoding matches the pixels Debian's Pillow 9.4 decodes (Fixtures/make_images.py).</summary>
[NeedsPyTorch]
public class ImageDecoderTests
{
    private static readonly Lazy<string> Folder = new(() => PythonFixtures.Generate("make_images.py"));

    private static string F(string name) => Path.Combine(Folder.Value, name);

    private static Tensor Pillow(string name)
    {
        var size = JsonDocument.Parse(File.ReadAllText(F(name + ".json"))).RootElement;
        var bytes = File.ReadAllBytes(F(name + ".rgb"));
        return tensor(bytes, [size.GetProperty("height").GetInt64(), size.GetProperty("width").GetInt64(), 3]).permute(2, 0, 1);
    }

    [TestCase("rgb.png")]
    [TestCase("rgba.png")]
    [TestCase("gray.png")]
    [TestCase("palette.png")]
    [TestCase("palette.gif")]
    [TestCase("rgb.bmp")]
    [TestCase("rgb_lossless.webp")]
    public void LosslessFormatsDecodeExactlyAsPillowDoes(string name)
    {
        var ours = ImageDecoder.Decode(F(name));
        var pillow = Pillow(name);
        Assert.That(ours.dtype, Is.EqualTo(ScalarType.Byte));
        Assert.That(ours.shape, Is.EqualTo(pillow.shape));
        Assert.That(ours.eq(pillow).all().item<bool>(), Is.True,
            $"max difference {(ours.to_type(ScalarType.Int32) - pillow.to_type(ScalarType.Int32)).abs().max().item<int>()}");
    }

    [TestCase("rgb.jpg")]
    [TestCase("gray.jpg")]
    [TestCase("exif6.jpg")]
    public void JpegDecodesWithinASmallToleranceOfPillow(string name)
    {
        // JPEG decoders may differ in IDCT and chroma upsampling: stated tolerance, mean |Δ| ≤ 2 and max |Δ| ≤ 16 of 255.
        var ours = ImageDecoder.Decode(F(name));
        var pillow = Pillow(name);
        Assert.That(ours.shape, Is.EqualTo(pillow.shape), "EXIF orientation turns the stored 37×23 image upright to 23×37");
        var diff = (ours.to_type(ScalarType.Float32) - pillow.to_type(ScalarType.Float32)).abs();
        Assert.That(diff.mean().item<float>(), Is.LessThanOrEqualTo(2f));
        Assert.That(diff.max().item<float>(), Is.LessThanOrEqualTo(16f));
    }

    [Test]
    public void GrayModeUsesPillowsLuminanceWeights()
    {
        var gray = ImageDecoder.Decode(F("rgb.png"), ImageMode.Gray);
        var pillowL = ImageDecoder.Decode(F("gray.png"))[0].unsqueeze(0);   // gray.png is Pillow's convert("L") of rgb.png
        Assert.That(gray.shape, Is.EqualTo(new long[] { 1, 23, 37 }));
        Assert.That(gray.eq(pillowL).all().item<bool>(), Is.True);
    }

    [TestCase("empty.png", "empty")]
    [TestCase("notes.png", "not an image")]
    [TestCase("truncated_rgb.png", "truncated")]
    [TestCase("truncated_rgb.jpg", "truncated")]
    [TestCase("missing.png", "cannot be read")]
    public void BadFilesFailWithTheirName(string name, string message)
    {
        Assert.That(() => ImageDecoder.Decode(F(name)), Throws.TypeOf<InvalidDataException>().With.Message.Contains(name).And.Message.Contains(message));
    }
}
