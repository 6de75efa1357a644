using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `segment`.</summary>
internal sealed record SegmentOptions
{
    [Description("Fashion-MNIST for the scenes (auto, full, tiny, or a folder of the IDX files), or a folder in CamVid's layout: images/, labels/ " +
        "holding NAME_P.png per image NAME.png, codes.txt, and optionally valid.txt")]
    public string Data { get; init; } = "auto";

    [Range(20, 10_000_000)]
    [Description("Scenes written (the last 20% are the validation set)")]
    public int Items { get; init; } = 1000;

    [Range(32, 1024)]
    [Description("The side of the scenes and of the model's input")]
    public int Size { get; init; } = 64;

    [Range(1, 100_000)]
    [Description("Epochs of one-cycle training")]
    public int Epochs { get; init; } = 5;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The one-cycle maximum learning rate")]
    public double Lr { get; init; } = 3e-3;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 16;

    [Description("The encoder"), AllowedValues("resnet18", "resnet34", "xresnet18", "xresnet34")]
    public string Arch { get; init; } = "resnet18";

    [Description("A PyTorch or safetensors file of the encoder's weights (it then trains frozen for one epoch first)")]
    public string? Pretrained { get; init; }

    [Description("Where the scenes, plots, predicted mask and export go")]
    public string Out { get; init; } = "runs/segment";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the scenes, the weights and the augmentation")]
    public int Seed { get; init; } = 42;
}
