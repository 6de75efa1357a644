using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `predict`.</summary>
public sealed record PredictOptions
{
    /// <summary>The export file (train writes runs/train/export.fastdays).</summary>
    [Description("The export file (train writes runs/train/export.fastdays)"), Positional(0)]
    public string Export { get; init; } = "";

    /// <summary>Image files or folders of images.</summary>
    [Description("Image files or folders of images"), Positional(1)]
    public string[] Inputs { get; init; } = [];

    /// <summary>Images per batch.</summary>
    [Range(1, 65_536)]
    [Description("Images per batch")]
    public int Bs { get; init; } = 64;

    /// <summary>cpu, cuda, cuda:N or auto.</summary>
    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";
}
