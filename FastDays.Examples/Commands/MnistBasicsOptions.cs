using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `mnist-basics`.</summary>
[ConfigFile("configs/mnist-basics.yaml")]
internal sealed record MnistBasicsOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Description("The two classes as Fashion-MNIST indices (5 sandal, 7 sneaker)")]
    public int[] Classes { get; init; } = [5, 7];

    [Range(1, 100_000)]
    [Description("Epochs of the from-scratch SGD and of the Learner")]
    public int Epochs { get; init; } = 10;

    [Description("The seed of the weights and the shuffling")]
    public int Seed { get; init; } = 42;
}
