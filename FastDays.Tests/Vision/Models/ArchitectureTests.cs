using FastDays.Modules;
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

    [Test]
    public void XResNetSmallsExtraStemConvolutionsRunAtFullResolutionAndTheSpecRebuildsThem()
    {
        var one = ModelZoo.Create(VisionArchitectures.XResNetSmallSpec(1, 10, [8, 16, 32], [1, 1]));
        var spec = VisionArchitectures.XResNetSmallSpec(1, 10, [8, 16, 32], [1, 1], stemConvs: 3);
        var three = ModelZoo.Create(spec);
        var keys = three.state_dict().Keys.ToList();
        Assert.That(keys, Does.Contain("stem.0.weight").And.Contain("stem2.0.weight").And.Contain("stem3.1.running_mean"));
        Assert.That(three.state_dict()["stem3.0.weight"].shape, Is.EqualTo(new long[] { 8, 8, 3, 3 }));
        Assert.That(one.state_dict().Keys.Where(k => k.StartsWith("stem", StringComparison.Ordinal)), Has.All.StartWith("stem."),
            "one stem convolution keeps the names it had");
        Assert.That(VisionArchitectures.XResNetSmallSpec(1, 10, [8, 16, 32], [1, 1]).Args.ContainsKey("stem_convs"), Is.False);
        long Count(nn.Module m) => m.parameters().Sum(p => p.numel());
        Assert.That(Count(three) - Count(one), Is.EqualTo(2 * (8 * 8 * 9 + 2 * 8)), "two more 3×3 convolutions of 8 channels and their batchnorms");
        var oneConvolution = ModelZoo.LeastParameters(spec with { Args = new Dictionary<string, string>(spec.Args) { ["stem_convs"] = "1" } })!.Value;
        Assert.That(ModelZoo.LeastParameters(spec), Is.LessThanOrEqualTo(Count(three)).And.GreaterThan(oneConvolution));
        three.eval();
        using var x = randn(2, 1, 28, 28);
        var stem = ((TorchSharp.Modules.Sequential)three).named_children().Take(3).Select(c => c.module).Cast<nn.Module<Tensor, Tensor>>();
        using var afterStem = stem.Aggregate(x, (h, m) => m.call(h));
        Assert.That(afterStem.shape, Is.EqualTo(new long[] { 2, 8, 28, 28 }), "the stem keeps the resolution");
        Assert.That(() => XResNet.Small(1, 10, [8, 16], [1], stemConvs: 0), Throws.ArgumentException.With.Message.Contains("stem convolutions 0"));
    }

    [Test]
    public void XResNetSmallsActivationIsTheOneItsSpecNames()
    {
        manual_seed(0);
        using var x = randn(4, 1, 12, 12);
        var outputs = new Dictionary<string, Tensor>();
        foreach (var act in new[] { "relu", "silu" })
        {
            manual_seed(1);
            var spec = VisionArchitectures.XResNetSmallSpec(1, 3, [8, 16], [1], actCls: act);
            var model = ModelZoo.Create(spec);
            model.eval();
            Assert.That(spec.Args.GetValueOrDefault("act_cls"), Is.EqualTo(act == "relu" ? null : act), "relu is left out of the spec");
            var stem = ((TorchSharp.Modules.Sequential)model).named_children().First().module;
            var conv = ((TorchSharp.Modules.Sequential)stem).named_children().Take(2).Select(c => c.module).Cast<nn.Module<Tensor, Tensor>>();
            using var pre = conv.Aggregate(x, (h, m) => m.call(h));
            using var post = ((nn.Module<Tensor, Tensor>)stem).call(x);
            using var expected = act == "relu" ? nn.functional.relu(pre) : nn.functional.silu(pre);
            Assert.That(post.allclose(expected, rtol: 1e-5, atol: 1e-6), Is.True, act);
            outputs[act] = model.call(x);
        }
        Assert.That(outputs["relu"].allclose(outputs["silu"]), Is.False, "the same weights give other outputs with another activation");
        foreach (var t in outputs.Values) t.Dispose();
        Assert.That(() => XResNet.Small(1, 3, [8, 16], [1], actCls: "mish"), Throws.ArgumentException.With.Message.Contains("'mish'"));
    }
}
