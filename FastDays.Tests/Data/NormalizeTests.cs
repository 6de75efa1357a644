using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Tests.Data;

public class NormalizeTests
{
    [Test]
    public void DecodeUndoesTheNormalisationOfABatchOrOneImage()
    {
        using var scope = NewDisposeScope();
        var norm = Normalize.ImageNet();
        var x = rand(2, 3, 5, 4);
        var encoded = norm.Forward(x);
        Assert.That(norm.Decode(encoded).allclose(x, rtol: 1e-5, atol: 1e-6));
        Assert.That(norm.Decode(encoded[1]).allclose(x[1], rtol: 1e-5, atol: 1e-6), "one (channels, height, width) image");
        Assert.That(() => norm.Decode(rand(2, 4, 5, 4)), Throws.ArgumentException.With.Message.Contains("[2, 4, 5, 4]"));
    }

    [Test]
    public void NormalizeMatchesTheFormulaAndFusesTheUint8Scaling()
    {
        var norm = Normalize.ImageNet();
        var bytes = randint(0, 256, [2, 3, 5, 4], dtype: ScalarType.Byte);
        var floats = bytes.to_type(ScalarType.Float32) / 255;
        var mean = tensor(new[] { 0.485f, 0.456f, 0.406f }).reshape(1, 3, 1, 1);
        var std = tensor(new[] { 0.229f, 0.224f, 0.225f }).reshape(1, 3, 1, 1);
        var expected = (floats - mean) / std;
        Assert.That(norm.Forward(floats).allclose(expected, rtol: 0, atol: 1e-5), Is.True);
        Assert.That(norm.Forward(bytes).allclose(expected, rtol: 0, atol: 1e-5), Is.True, "uint8 input: scaled to [0, 1] in the same pass");
        Assert.That(() => norm.Forward(zeros(2, 4, 3, 3)), Throws.ArgumentException.With.Message.Contains("[2, 4, 3, 3]"));
        var stats = Normalize.FromStats(floats);
        var channelMeans = floats.mean([0, 2, 3]).to_type(ScalarType.Float64).data<double>().ToArray();
        Assert.That(stats.Mean, Is.EqualTo(channelMeans).Within(1e-6));
        Assert.That(stats.Forward(floats).mean([0, 2, 3]).abs().max().item<float>(), Is.LessThan(1e-5), "normalised by its own stats: mean 0");
    }
}
