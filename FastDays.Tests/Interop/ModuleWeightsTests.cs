using System.Diagnostics;
using FastDays.Interop;
using FastDays.Tests.Support;
using FastDays.Vision.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Interop;

public class ModuleWeightsTests
{
    [NeedsPyTorch]
    [TestCase("resnet18.pt")]
    [TestCase("resnet18_legacy.pt")]
    [TestCase("resnet18.safetensors")]
    public void TorchvisionResNet18WeightsGiveTheSameOutputAsPyTorch(string file)
    {
        var model = ResNet.ResNet18(numClasses: 10);
        var report = model.LoadPyTorchWeights(WeightsFixtures.File(file));
        Assert.That(report.IsComplete, report.ToString());
        Assert.That(report.Loaded, Has.Count.EqualTo(122), "62 parameters and 60 batchnorm buffers, num_batches_tracked included");
        model.eval();
        using var x = tensor(WeightsFixtures.Floats("resnet18_input.bin")).reshape(2, 3, 64, 64);
        using var noGrad = no_grad();
        var y = model.forward(x).data<float>().ToArray();
        var expected = WeightsFixtures.Floats("resnet18_output.bin");
        Assert.That(y.Zip(expected, (a, b) => Math.Abs(a - b)).Max(), Is.LessThanOrEqualTo(1e-4));
    }

    [NeedsPyTorch]
    [Test]
    public void TorchVisionsResNet18LoadsTheSameStateDictToTheSameOutputs()
    {
        // TorchSharp's own model zoo (the TorchVision package) as a second ResNet: FastDays keeps its copy because TorchVision's uses TorchSharp's
        // BatchNorm, whose forward leaves Scalars to the finalizer in training (the crash FinalizerSafetyTests guards against).
        using var scope = NewDisposeScope();
        var ours = ResNet.ResNet18(numClasses: 10);
        var theirs = TorchSharp.torchvision.models.resnet18(num_classes: 10);
        Assert.That(ours.LoadPyTorchWeights(WeightsFixtures.File("resnet18.pt")).IsComplete);
        var report = theirs.LoadPyTorchWeights(WeightsFixtures.File("resnet18.pt"));
        Assert.That(report.IsComplete, report.ToString());
        ours.eval();
        theirs.eval();
        using var noGrad = no_grad();
        var x = tensor(WeightsFixtures.Floats("resnet18_input.bin")).reshape(2, 3, 64, 64);
        var difference = ours.forward(x).sub(theirs.call(x)).abs().max().item<float>();
        Assert.That(difference, Is.LessThanOrEqualTo(1e-5f));
        Assert.That(ours.state_dict().Keys, Is.EquivalentTo(theirs.state_dict().Keys), "the same module and parameter names as torchvision's");
    }

    [NeedsPyTorch]
    [Test]
    public void StrictModeListsEveryMismatchInOneError()
    {
        var model = ResNet.ResNet34(numClasses: 5);
        var e = Assert.Throws<InvalidDataException>(() => model.LoadPyTorchWeights(WeightsFixtures.File("resnet18.pt")));
        Assert.That(e!.Message, Does.Contain("missing keys").And.Contain("layer1.2.conv1.weight").And.Contain("layer3.5.bn2.running_var"));
        Assert.That(e.Message, Does.Contain("mismatches").And.Contain("fc.weight: module [5, 512] vs file [10, 512]").And.Contain("fc.bias"));
        var report = model.LoadPyTorchWeights(WeightsFixtures.File("resnet18.pt"), strict: false);
        Assert.That(report.Missing, Has.Count.GreaterThan(50));
        Assert.That(report.Mismatched, Has.Count.EqualTo(2));
        Assert.That(report.Loaded, Does.Contain("layer1.0.conv1.weight"));
    }

    [Test]
    public void KeysCanBeRenamedOrStripped()
    {
        using var dir = new TempDirectory();
        var source = ResNet.ResNet18(numClasses: 10);
        var prefixed = source.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        SafeTensors.Write(dir.File("dp.safetensors"), prefixed);
        var target = ResNet.ResNet18(numClasses: 10);
        Assert.Throws<InvalidDataException>(() => target.LoadPyTorchWeights(dir.File("dp.safetensors")));
        Assert.That(target.LoadPyTorchWeights(dir.File("dp.safetensors"), stripPrefix: "module.").IsComplete);
        var noFc = ResNet.ResNet18(numClasses: 3).LoadPyTorchWeights(dir.File("dp.safetensors"), strict: false,
            rename: k => k.StartsWith("module.fc.", StringComparison.Ordinal) ? null : k["module.".Length..]);
        Assert.That(noFc.Missing, Is.EqualTo(new[] { "fc.weight", "fc.bias" }));
    }

    [Test]
    public void AModuleSavedToSafeTensorsLoadsBackExactly()
    {
        using var dir = new TempDirectory();
        manual_seed(3);
        var a = ResNet.ResNet18(numClasses: 4);
        a.SaveSafeTensors(dir.File("a.safetensors"));
        manual_seed(4);
        var b = ResNet.ResNet18(numClasses: 4);
        b.LoadPyTorchWeights(dir.File("a.safetensors"));
        foreach (var (k, t) in a.state_dict()) Assert.That(b.state_dict()[k].bytes.ToArray(), Is.EqualTo(t.bytes.ToArray()), k);
    }

    [NeedsPyTorch]
    [Test]
    public void ReadingResNet18TakesUnderASecond()
    {
        WeightsFile.ReadStateDict(WeightsFixtures.File("resnet18.pt"));   // warm-up
        foreach (var file in new[] { "resnet18.pt", "resnet18_legacy.pt", "resnet18.safetensors" })
        {
            var clock = Stopwatch.StartNew();
            var sd = WeightsFile.ReadStateDict(WeightsFixtures.File(file));
            clock.Stop();
            foreach (var t in sd.Values) t.Dispose();
            TestContext.Out.WriteLine($"{file}: {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(1.0), file);
        }
    }
}
