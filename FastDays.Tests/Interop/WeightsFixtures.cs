using System.Text.Json;
using FastDays.Tests.Support;

namespace FastDays.Tests.Interop;

/// <summary>The files made by Fixtures/make_weights.py and the tensors PyTorch wrote into them (as float64 values).</summary>
public static class WeightsFixtures
{
    private static readonly Lazy<string> Folder = new(() => PythonFixtures.Generate("make_weights.py"));

    public static string File(string name) => Path.Combine(Folder.Value, name);

    public sealed record ExpectedTensor(string DType, long[] Shape, double[] Values);

    public static Dictionary<string, ExpectedTensor> Expected(string name)
    {
        var meta = JsonDocument.Parse(System.IO.File.ReadAllText(File($"expected_{name}.json"))).RootElement;
        var blob = System.IO.File.ReadAllBytes(File($"expected_{name}.bin"));
        var all = new double[blob.Length / 8];
        Buffer.BlockCopy(blob, 0, all, 0, blob.Length);
        return meta.EnumerateObject().ToDictionary(p => p.Name, p => new ExpectedTensor(
            p.Value.GetProperty("dtype").GetString()!,
            [.. p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())],
            all.AsSpan(p.Value.GetProperty("offset").GetInt32(), p.Value.GetProperty("count").GetInt32()).ToArray()));
    }

    public static float[] Floats(string name)
    {
        var bytes = System.IO.File.ReadAllBytes(File(name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
