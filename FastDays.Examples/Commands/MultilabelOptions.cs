using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `multilabel`.</summary>
internal sealed record MultilabelOptions
{
    [Description("Fashion-MNIST for the canvases (auto, full, tiny, or a folder of the IDX files), or a folder in fastai's PASCAL layout: train.csv " +
        "(fname,labels,is_valid; labels space-separated) and the images under train/")]
    public string Data { get; init; } = "auto";

    [Range(20, 10_000_000)]
    [Description("Canvases written (the last 20% are the validation set)")]
    public int Items { get; init; } = 6000;

    [Range(32, 1024)]
    [Description("The side of the canvases and of the model's input")]
    public int Size { get; init; } = 64;

    [Range(1, 100_000)]
    [Description("Epochs of the unfrozen phase of FineTune")]
    public int Epochs { get; init; } = 6;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("FineTune's base learning rate")]
    public double Lr { get; init; } = 1e-2;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Range(0.0, 1.0)]
    [Description("The threshold of accuracy_multi during training (the book: 0.2)")]
    public double Thresh { get; init; } = 0.2;

    [Description("The body"), AllowedValues("simple_cnn", "resnet18", "resnet34", "xresnet18", "xresnet34")]
    public string Arch { get; init; } = "simple_cnn";

    [Description("Where the canvases, plots and export go")]
    public string Out { get; init; } = "runs/multilabel";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the canvases, the weights and the augmentation")]
    public int Seed { get; init; } = 42;
}
