using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `serve-load`.</summary>
internal sealed record ServeLoadBenchmarkOptions
{
    [Description("The export to serve (train writes runs/train/export.fastdays)")]
    public string Export { get; init; } = "runs/train/export.fastdays";

    [Description("The export's ONNX file (export-onnx) to serve the model from ONNX Runtime; libtorch when empty")]
    public string Onnx { get; init; } = "";

    [Description("The image every request uploads (a 28 × 28 grey noise PNG when empty)")]
    public string Image { get; init; } = "";

    [Range(1, 10_000_000)]
    [Description("Requests in all")]
    public int Requests { get; init; } = 2000;

    [Range(1, 1024)]
    [Description("Concurrent clients")]
    public int Clients { get; init; } = 8;
}
