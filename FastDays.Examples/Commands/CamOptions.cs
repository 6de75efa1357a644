using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `cam`.</summary>
internal sealed record CamOptions
{
    [Description("Fashion-MNIST for the canvases (auto, full, tiny, or a folder of the IDX files)")]
    public string Data { get; init; } = "auto";

    [Description("An export of a vision_learner (pets-style, multilabel) to look into instead of training one; with image files after the options")]
    public string? Export { get; init; }

    [Description("Image files to draw the maps of (with --export)"), Positional(0, Optional = true)]
    public string[] Images { get; init; } = [];

    [Range(20, 10_000_000)]
    [Description("Canvases of one garment written (20% at random are the validation set)")]
    public int Items { get; init; } = 6000;

    [Range(32, 1024)]
    [Description("The side of the canvases and of the model's input")]
    public int Size { get; init; } = 64;

    [Range(1, 100_000)]
    [Description("Epochs of one-cycle training")]
    public int Epochs { get; init; } = 5;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The one-cycle maximum learning rate")]
    public double Lr { get; init; } = 3e-3;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Description("The body"), AllowedValues("simple_cnn", "resnet18", "resnet34", "xresnet18", "xresnet34")]
    public string Arch { get; init; } = "simple_cnn";

    [Range(1, 1000)]
    [Description("Images whose maps are drawn")]
    public int Show { get; init; } = 8;

    [Description("Where the canvases, heat maps and peaks.csv go")]
    public string Out { get; init; } = "runs/cam";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the canvases, the split and the weights")]
    public int Seed { get; init; } = 42;
}
