using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `pets-style`.</summary>
internal sealed record PetsStyleOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 100_000_000)]
    [Description("Training images written as PNG files")]
    public int Items { get; init; } = 60000;

    [Range(8, 1024)]
    [Description("The final image size (items are resized to size + 4 first: presizing)")]
    public int Size { get; init; } = 32;

    [Range(1, 100_000)]
    [Description("Epochs of the unfrozen phase of FineTune")]
    public int Epochs { get; init; } = 5;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("FineTune's base learning rate")]
    public double Lr { get; init; } = 1e-2;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    [Description("The body"), AllowedValues("simple_cnn", "resnet18", "resnet34", "xresnet18", "xresnet34")]
    public string Arch { get; init; } = "simple_cnn";

    [Description("PyTorch or safetensors weights of the body (.pt, .pth, .safetensors)")]
    public string? Pretrained { get; init; }

    [Description("Where the images, plots, checkpoints and history go")]
    public string Out { get; init; } = "runs/pets";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the split, the weights and the augmentation")]
    public int Seed { get; init; } = 42;

    [Range(0.0, 100.0)]
    [Description("MixUp: blend each training image with another of its batch, weights from Beta(alpha, alpha) (fastai: 0.4; 0: none)")]
    public double Mixup { get; init; }

    [Range(0.0, 100.0)]
    [Description("CutMix: paste a box of another image of the batch into each training image (fastai: 1.0; 0: none)")]
    public double Cutmix { get; init; }

    [Description("A checkpoint of these options to continue from (Ctrl-C writes OUT/models/interrupted.ckpt)")]
    public string? Resume { get; init; }
}
