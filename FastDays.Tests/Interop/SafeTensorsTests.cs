using System.Buffers.Binary;
using System.Text;
using FastDays.Interop;
using FastDays.Tests.Support;

namespace FastDays.Tests.Interop;

public class SafeTensorsTests
{
    [NeedsPyTorch]
    [Test]
    public void ARoundTripIsExactForEveryDtype()
    {
        using var dir = new TempDirectory();
        var source = WeightsFile.ReadStateDict(WeightsFixtures.File("dtypes.pt"));
        SafeTensors.Write(dir.File("out.safetensors"), source, new Dictionary<string, string> { ["format"] = "pt" });
        var back = SafeTensors.Read(dir.File("out.safetensors"));
        Assert.That(back.Keys, Is.EqualTo(source.Keys));
        foreach (var (k, t) in source)
        {
            Assert.That(back[k].dtype, Is.EqualTo(t.dtype), k);
            Assert.That(back[k].bytes.ToArray(), Is.EqualTo(t.contiguous().bytes.ToArray()), k);
        }
    }

    private static string WriteRaw(TempDirectory dir, string header, int dataBytes, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8, "outside")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
        "overlaps")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "hole")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "bytes for shape")]
    [TestCase("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "unsupported dtype")]
    [TestCase("{\"a\":", 0, "not valid JSON")]
    public void BadHeadersAreRejectedNamingTheProblem(string header, int dataBytes, string message)
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, header, dataBytes);
        Assert.That(() => SafeTensors.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message).And.Message.Contains("bad.safetensors"));
    }

    [Test]
    public void AHugeDeclaredHeaderIsRejectedBeforeAllocating()
    {
        using var dir = new TempDirectory();
        var path = WriteRaw(dir, "{}", 0, declaredLength: ulong.MaxValue / 2);
        Assert.That(() => SafeTensors.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("header length"));
    }
}
