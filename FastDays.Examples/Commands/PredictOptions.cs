using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `predict`.</summary>
internal sealed record PredictOptions
{
    [Description("The export file (train writes runs/train/export.fastdays)"), Positional(0)]
    public string Export { get; init; } = "";

    [Description("Image files or folders of images"), Positional(1)]
    public string[] Inputs { get; init; } = [];

    [Range(1, 65_536)]
    [Description("Images per batch")]
    public int Bs { get; init; } = 64;

    [Description("Where a segmentation model's predicted masks go (NAME_P.png per image NAME)")]
    public string Out { get; init; } = "runs/predict";

    [Description("An ONNX file written from the export (export-onnx) to run the model in ONNX Runtime instead of libtorch (image classifiers)")]
    public string Onnx { get; init; } = "";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";
}
