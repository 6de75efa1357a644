using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `mnist-basics`.</summary>
[ConfigFile("configs/mnist-basics.yaml")]
public sealed record MnistBasicsOptions
{
    /// <summary>auto, full, tiny or a folder.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>The two classes, as indices (the book's 3s and 7s; here sandals and sneakers by default).</summary>
    [Description("The two classes as Fashion-MNIST indices (5 sandal, 7 sneaker)")]
    public int[] Classes { get; init; } = [5, 7];

    /// <summary>Epochs of the from-scratch SGD and of the Learner.</summary>
    [Range(1, 100_000)]
    [Description("Epochs of the from-scratch SGD and of the Learner")]
    public int Epochs { get; init; } = 10;

    /// <summary>The seed of the weights and the shuffling.</summary>
    [Description("The seed of the weights and the shuffling")]
    public int Seed { get; init; } = 42;
}
