using System.Text.Json;
using System.Text.Json.Serialization;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Foundations;

/// <summary>One case of Fixtures/logreg_reference.py: inputs and PyTorch's float64 cost, gradients and gradient-descent costs.</summary>
public sealed record LogRegReferenceCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("x")] double[] X,
    [property: JsonPropertyName("y")] double[] Y,
    [property: JsonPropertyName("w")] double[] W,
    [property: JsonPropertyName("b")] double B,
    [property: JsonPropertyName("cost")] double Cost,
    [property: JsonPropertyName("dw")] double[] Dw,
    [property: JsonPropertyName("db")] double Db,
    [property: JsonPropertyName("gd_costs")] double[] GdCosts)
{
    public static IReadOnlyList<LogRegReferenceCase> Load()
    {
        var file = Path.Combine(PythonFixtures.Generate("logreg_reference.py"), "logreg_reference.json");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("cases").Deserialize<LogRegReferenceCase[]>()
            ?? throw new InvalidDataException($"{file} has no cases");
    }

    public Tensor XTensor(ScalarType dtype = ScalarType.Float64) => tensor(X, [N, M], dtype: ScalarType.Float64).to_type(dtype);

    public Tensor YTensor(ScalarType dtype = ScalarType.Float64) => tensor(Y, [1, M], dtype: ScalarType.Float64).to_type(dtype);

    public Tensor WTensor(ScalarType dtype = ScalarType.Float64) => tensor(W, [N, 1], dtype: ScalarType.Float64).to_type(dtype);

    public Tensor BTensor(ScalarType dtype = ScalarType.Float64) => tensor(B, dtype: ScalarType.Float64).to_type(dtype);

    public override string ToString() => Name;
}
