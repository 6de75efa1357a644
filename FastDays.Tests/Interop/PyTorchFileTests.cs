using FastDays.Interop;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Interop;

[NeedsPyTorch]
public class PyTorchFileTests
{
    private static readonly Dictionary<string, ScalarType> Names = new()
    {
        ["float64"] = ScalarType.Float64, ["float32"] = ScalarType.Float32, ["float16"] = ScalarType.Float16, ["bfloat16"] = ScalarType.BFloat16,
        ["int64"] = ScalarType.Int64, ["int32"] = ScalarType.Int32, ["int16"] = ScalarType.Int16, ["int8"] = ScalarType.Int8,
        ["uint8"] = ScalarType.Byte, ["bool"] = ScalarType.Bool,
    };

    internal static void AssertSameTensors(IReadOnlyDictionary<string, Tensor> actual, Dictionary<string, WeightsFixtures.ExpectedTensor> expected, string file)
    {
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), file);
        foreach (var (name, e) in expected)
        {
            var t = actual[name];
            Assert.That(t.dtype, Is.EqualTo(Names[e.DType]), $"{file}: dtype of {name}");
            Assert.That(t.shape, Is.EqualTo(e.Shape), $"{file}: shape of {name}");
            var values = t.to_type(ScalarType.Float64).contiguous().flatten().data<double>().ToArray();
            Assert.That(values, Is.EqualTo(e.Values), $"{file}: values of {name}");
        }
    }

    [TestCase("resnet18.pt", "resnet18")]
    [TestCase("resnet18_legacy.pt", "resnet18")]
    [TestCase("resnet18.safetensors", "resnet18")]
    [TestCase("dtypes.pt", "dtypes")]
    [TestCase("dtypes_legacy.pt", "dtypes")]
    [TestCase("dtypes.safetensors", "dtypes")]
    [TestCase("views.pt", "views")]
    [TestCase("views_legacy.pt", "views")]
    public void EveryTensorHasTheDtypeShapeAndValuesPyTorchWrote(string file, string expected)
    {
        var tensors = WeightsFile.ReadStateDict(WeightsFixtures.File(file));
        AssertSameTensors(tensors, WeightsFixtures.Expected(expected), file);
    }

    [TestCase("views.pt")]
    [TestCase("views_legacy.pt")]
    public void ViewsShareOneStorageAsInPyTorch(string file)
    {
        var t = WeightsFile.ReadStateDict(WeightsFixtures.File(file));
        t["base"][5] = tensor(-1f);
        Assert.That(t["slice"][1].item<float>(), Is.EqualTo(-1f), "slice = base[4:10] sees the write");
        Assert.That(t["transposed"][5, 0].item<float>(), Is.EqualTo(-1f), "transposed = base.view(4,6).t()");
        Assert.That(t["transposed"].stride(), Is.EqualTo(new long[] { 1, 6 }));
    }

    [Test]
    public void ANestedCheckpointGivesItsStateDictByKeyPath()
    {
        var path = WeightsFixtures.File("nested.pt");
        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.ReadStateDict(path));
        Assert.That(e!.Message, Does.Contain("checkpoint").And.Contain("epoch").And.Contain("model"));
        AssertSameTensors(WeightsFile.ReadStateDict(path, "model"), WeightsFixtures.Expected("nested"), "nested.pt/model");
        var root = (OrderedDictionary<object, object?>)PyTorchFile.Load(path)!;
        Assert.That(root["epoch"], Is.EqualTo(3L));
        Assert.That(root["name"], Is.EqualTo("small"));
        Assert.That(root["best"], Is.Null);
        Assert.That(((OrderedDictionary<object, object?>)root["optimizer"]!)["betas"], Is.EqualTo(new object[] { 0.9, 0.99 }));
        Assert.Throws<KeyNotFoundException>(() => WeightsFile.ReadStateDict(path, "model/nope"));
    }

    [Test]
    public void APickledWholeModuleIsRefusedWithoutRunningIt()
    {
        var e = Assert.Throws<InvalidDataException>(() => PyTorchFile.Load(WeightsFixtures.File("module.pt")));
        Assert.That(e!.Message, Does.Contain("module.pt").And.Contain("torch.nn.modules.container.Sequential").And.Contain("state_dict"));
    }

    [Test]
    public void ATruncatedOrForeignFileFailsWithItsName()
    {
        var e = Assert.Throws<InvalidDataException>(() => PyTorchFile.Load(WeightsFixtures.File("truncated.pt")));
        Assert.That(e!.Message, Does.Contain("truncated.pt"));
        using var dir = new Support.TempDirectory();
        File.WriteAllText(dir.File("notes.pt"), "hello");
        Assert.That(() => PyTorchFile.Load(dir.File("notes.pt")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("not a PyTorch file"));
        var legacy = File.ReadAllBytes(WeightsFixtures.File("views_legacy.pt"));
        File.WriteAllBytes(dir.File("cut.pt"), legacy[..(legacy.Length - 40)]);
        Assert.That(() => PyTorchFile.Load(dir.File("cut.pt")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("cut.pt").And.Message.Contains("truncated"));
    }
}
