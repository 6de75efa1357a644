using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `cnn-from-scratch`.</summary>
[ConfigFile("configs/cnn-from-scratch.yaml")]
public sealed record CnnFromScratchOptions
{
    /// <summary>auto, full, tiny or a folder.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>Training images used.</summary>
    [Range(1, 100_000_000)]
    [Description("Training images used")]
    public int Items { get; init; } = 20000;

    /// <summary>Epochs of each of the three runs.</summary>
    [Range(1, 100_000)]
    [Description("Epochs of each of the three runs")]
    public int Epochs { get; init; } = 1;

    /// <summary>Where the plots go.</summary>
    [Description("Where the plots go")]
    public string Out { get; init; } = "runs/cnn-from-scratch";

    /// <summary>The seed of the weights and the shuffling.</summary>
    [Description("The seed of the weights and the shuffling")]
    public int Seed { get; init; } = 42;
}
