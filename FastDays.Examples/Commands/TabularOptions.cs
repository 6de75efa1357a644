using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `tabular`.</summary>
[ConfigFile("configs/tabular.yaml")]
internal sealed record TabularOptions
{
    [Description("The folder of scikit-learn's CSV files (Debian's python3-sklearn)")]
    public string Data { get; init; } = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    [Range(1, 100_000)]
    [Description("One-cycle epochs per table")]
    public int Epochs { get; init; } = 30;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The peak learning rate")]
    public double Lr { get; init; } = 1e-2;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 32;

    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    [Description("The share of rows held out for validation")]
    public double ValidPct { get; init; } = 0.2;

    [Description("The seed of the split and the weights")]
    public int Seed { get; init; } = 42;

    [Description("The tables, of boston, cancer, ames and diamonds (ames and diamonds come from R: apt-get install r-base-core "
        + "r-cran-modeldata r-cran-ggplot2)")]
    public string[] Tables { get; init; } = ["boston", "cancer", "ames", "diamonds"];

    [Description("Where plots, the splits and the exports go")]
    public string Out { get; init; } = "runs/tabular";
}
