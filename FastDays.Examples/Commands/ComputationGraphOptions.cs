using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `computation-graph`.</summary>
[ConfigFile("configs/computation-graph.yaml")]
internal sealed record ComputationGraphOptions
{
    [Description("The Graphviz (dot) file of the logistic-regression graph")]
    public string Out { get; init; } = "runs/computation_graph.dot";

    [Range(1, 10_000_000)]
    [Description("Gradient-descent steps on J(w) = (w - 3)^2")]
    public int Steps { get; init; } = 10;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The learning rate of those steps")]
    public double Lr { get; init; } = 0.1;
}
