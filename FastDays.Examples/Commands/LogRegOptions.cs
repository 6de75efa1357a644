using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `logreg`.</summary>
[ConfigFile("configs/logreg.yaml")]
internal sealed record LogRegOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Description("The negative and the positive class, as two class indices")]
    public string Classes { get; init; } = "0,6";

    [Range(1, 10_000_000)]
    [Description("Gradient-descent iterations")]
    public int Iters { get; init; } = 500;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The learning rate")]
    public double Lr { get; init; } = 0.01;

    [Range(1, int.MaxValue)]
    [Description("Print the cost every N iterations")]
    public int PrintEvery { get; init; } = 50;

    [Description("The plot of both cost curves")]
    public string Out { get; init; } = "runs/logreg_costs.png";

    [Range(1, int.MaxValue)]
    [Description("Training examples used by the gradient check")]
    public int CheckExamples { get; init; } = 1000;
}
