using FastDays.Vision.Learning;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Models;

public class ArchitectureTests
{
    [Test]
    public void XResNetHasFastaisLayoutNamesAndZeroInitialisedLastBatchnorms()
    {
        var model = XResNet.XResNet18(nOut: 7);
        var keys = model.state_dict().Keys.ToList();
        Assert.That(keys, Does.Contain("0.0.weight").And.Contain("2.1.running_mean"), "stem ConvLayers numbered 0-2, conv then batchnorm");
        Assert.That(keys, Does.Contain("4.0.convpath.0.0.weight").And.Contain("4.0.convpath.1.1.weight"));
        Assert.That(keys, Does.Contain("5.0.idpath.1.0.weight"), "a stride-2 shortcut pools (no parameters) before its 1×1 ConvLayer");
        Assert.That(keys, Does.Contain("11.weight").And.Contain("11.bias"));
        Assert.That(model.state_dict()["4.0.convpath.1.1.weight"].abs().sum().item<float>(), Is.Zero);
        model.eval();
        using var y = model.forward(randn(2, 3, 64, 64));
        Assert.That(y.shape, Is.EqualTo(new long[] { 2, 7 }));
        Assert.That(XResNet.XResNet50(nOut: 3).forward(randn(1, 3, 32, 32)).shape, Is.EqualTo(new long[] { 1, 3 }));
    }

    [Test]
    public void EveryVisionArchBodyEndsBeforeThePoolingAndSplitsIntoGroups()
    {
        foreach (var arch in new[] { VisionArch.ResNet18, VisionArch.ResNet50, VisionArch.XResNet18, VisionArch.SimpleCnn(8, 16) })
        {
            var body = arch.CreateBody(3, null);
            body.eval();
            using var y = body.forward(randn(1, 3, 64, 64));
            Assert.That(y.dim(), Is.EqualTo(4), arch.Name);
            var groups = arch.SplitBody(body);
            Assert.That(groups.Sum(g => g.Count), Is.EqualTo(body.parameters().Count()), $"{arch.Name}: every parameter in one group");
            Assert.That(groups.All(g => g.Count > 0), arch.Name);
        }
        Assert.That(VisionLearners.NumFeatures(VisionArch.ResNet50.CreateBody(3, null), 3), Is.EqualTo(2048));
    }
}
