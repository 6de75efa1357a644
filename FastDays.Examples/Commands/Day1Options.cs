using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `day1`.</summary>
[ConfigFile("configs/day1.yaml")]
internal sealed record Day1Options
{
    [Description("The folder of scikit-learn's CSV files (Debian's python3-sklearn), for Boston housing")]
    public string Sklearn { get; init; } = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    [Description("Fashion-MNIST for the scale experiment: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Description("A short scale experiment (fewer sizes and epochs, about a minute)")]
    public bool Quick { get; init; }

    [Description("Where the plot of accuracy against training-set size goes")]
    public string Out { get; init; } = "runs/day1";

    [Description("The seed of the splits and the weights")]
    public int Seed { get; init; } = 42;
}
