using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `cnn-from-scratch`.</summary>
[ConfigFile("configs/cnn-from-scratch.yaml")]
internal sealed record CnnFromScratchOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 100_000_000)]
    [Description("Training images used")]
    public int Items { get; init; } = 20000;

    [Range(1, 100_000)]
    [Description("Epochs of each of the three runs")]
    public int Epochs { get; init; } = 1;

    [Description("Where the plots go")]
    public string Out { get; init; } = "runs/cnn-from-scratch";

    [Description("The seed of the weights and the shuffling")]
    public int Seed { get; init; } = 42;
}
