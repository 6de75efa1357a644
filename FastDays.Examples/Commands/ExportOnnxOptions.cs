using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `export-onnx`.</summary>
internal sealed record ExportOnnxOptions
{
    [Description("The export file (train writes runs/train/export.fastdays)"), Positional(0)]
    public string Export { get; init; } = "";

    [Description("The ONNX file to write (beside the export, its name with .onnx, when empty)")]
    public string Onnx { get; init; } = "";
}
