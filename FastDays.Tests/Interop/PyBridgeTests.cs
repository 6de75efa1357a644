using FastDays.Interop;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Interop;

/// <summary>TorchSharp.PyBridge as a second, independent .NET reader of PyTorch files, and as FastDays' writer of them.</summary>
[NeedsPyTorch]
public sealed class PyBridgeTests
{
    private static Dictionary<string, Tensor> ReadWithPyBridge(string file) =>
        TorchSharp.PyBridge.PyTorchUnpickler.UnpickleStateDict(file).Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);

    private static void AssertSame(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual, string what)
    {
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), what);
        foreach (var (name, e) in expected)
        {
            var a = actual[name];
            Assert.That((a.dtype, a.shape), Is.EqualTo((e.dtype, e.shape)), $"{what}: {name}");
            Assert.That(a.eq(e).all().item<bool>(), Is.True, $"{what}: {name} values");
        }
    }

    [TestCase("resnet18.pt")]
    [TestCase("dtypes.pt")]
    public void PyBridgeAndFastDaysReadTheSameTensors(string file)
    {
        using var scope = NewDisposeScope();
        AssertSame(WeightsFile.ReadStateDict(WeightsFixtures.File(file)), ReadWithPyBridge(WeightsFixtures.File(file)), file);
    }

    [TestCase("resnet18_legacy.pt")]
    [TestCase("views.pt")]
    public void FastDaysReadsFilesThatPyBridgeCannot(string file)
    {
        // PyBridge 1.4.4 refuses the legacy (pre-1.6) format and fails on views that start inside a shared storage.
        Assert.That(() => ReadWithPyBridge(WeightsFixtures.File(file)), Throws.Exception);
        using var scope = NewDisposeScope();
        var name = file.Replace(".pt", "", StringComparison.Ordinal).Replace("_legacy", "", StringComparison.Ordinal);
        PyTorchFileTests.AssertSameTensors(WeightsFile.ReadStateDict(WeightsFixtures.File(file)), WeightsFixtures.Expected(name), file);
    }

    [Test]
    public void SavedPtFilesLoadInPyTorchWithWeightsOnlyAndRoundTrip()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var source = WeightsFile.ReadStateDict(WeightsFixtures.File("dtypes.pt"));   // every dtype PyTorch state dicts use
        source["linear.weight"] = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        var saved = WeightsFile.SavePyTorch(source, dir.File("saved.pt"));

        AssertSame(source, WeightsFile.ReadStateDict(saved), "FastDays reading its own file back");
        var script = "import sys, torch\n" +
                     "sd = torch.load(sys.argv[1], weights_only=True)\n" +
                     "for k, v in sd.items(): print(k, str(v.dtype).replace('torch.', ''), list(v.shape), float(v.double().sum()) if not " +
                         "v.is_complex() else 0.0)\n";
        var output = PythonFixtures.RunInline(script, saved);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(' ')[0]);
        Assert.That(lines.Keys, Is.EquivalentTo(source.Keys));
        Assert.That(lines["linear.weight"], Is.EqualTo("linear.weight float32 [3, 4] 66.0"));
        foreach (var (name, t) in source.Where(kv => !kv.Value.is_complex()))
        {
            var sum = double.Parse(lines[name].Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(sum, Is.EqualTo(t.to_type(ScalarType.Float64).sum().item<double>()).Within(1e-6), name);
        }
    }
}
