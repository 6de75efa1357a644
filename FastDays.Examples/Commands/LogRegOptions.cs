using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `logreg`.</summary>
[ConfigFile("configs/logreg.yaml")]
public sealed record LogRegOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>The negative and the positive class, as two class indices.</summary>
    [Description("The negative and the positive class, as two class indices")]
    public string Classes { get; init; } = "0,6";

    /// <summary>Gradient-descent iterations.</summary>
    [Range(1, 10_000_000)]
    [Description("Gradient-descent iterations")]
    public int Iters { get; init; } = 500;

    /// <summary>The learning rate.</summary>
    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The learning rate")]
    public double Lr { get; init; } = 0.01;

    /// <summary>Print the cost every N iterations.</summary>
    [Range(1, int.MaxValue)]
    [Description("Print the cost every N iterations")]
    public int PrintEvery { get; init; } = 50;

    /// <summary>The plot of both cost curves.</summary>
    [Description("The plot of both cost curves")]
    public string Out { get; init; } = "runs/logreg_costs.png";

    /// <summary>Training examples used by the gradient check.</summary>
    [Range(1, int.MaxValue)]
    [Description("Training examples used by the gradient check")]
    public int CheckExamples { get; init; } = 1000;
}
