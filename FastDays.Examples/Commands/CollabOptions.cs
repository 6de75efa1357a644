using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `collab`.</summary>
internal sealed record CollabOptions
{
    [Description("auto: InstEval's ratings of lecturers by students (Debian's r-cran-lme4, read with Rscript); or a CSV file of user, item, rating")]
    public string Data { get; init; } = "auto";

    [Description("The user column (the file's first when empty)")]
    public string User { get; init; } = "";

    [Description("The item column (the file's second when empty)")]
    public string Item { get; init; } = "";

    [Description("The rating column (the file's third when empty)")]
    public string Rating { get; init; } = "";

    [Range(0.01, 0.99)]
    [Description("The share of ratings held out for validation")]
    public double ValidPct { get; init; } = 0.2;

    [Range(1, 1000)]
    [Description("Epochs of one-cycle training per model (the book: 5)")]
    public int Epochs { get; init; } = 5;

    [Range(0.0, 10.0, MinimumIsExclusive = true)]
    [Description("The peak learning rate (the book: 5e-3)")]
    public double Lr { get; init; } = 5e-3;

    [Range(0.0, 10.0)]
    [Description("Weight decay (the book: 0.1); each dot-product model is also trained without it to show what it does")]
    public double Wd { get; init; } = 0.1;

    [Range(0.0, 100.0)]
    [Description("The weight of FactorL2, L2 on the factors of the rows each batch uses (classic matrix factorisation's regulariser)")]
    public double FactorL2 { get; init; } = 0.2;

    [Range(1, 1000)]
    [Description("Factors per user and item (the book: 50)")]
    public int NFactors { get; init; } = 50;

    [Description("The hidden layers of the neural model (the book: 100 50)")]
    public int[] Layers { get; init; } = [100, 50];

    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    [Description("The dropout of the regularised neural model, on its embeddings and after each hidden layer")]
    public double NnDropout { get; init; } = 0.5;

    [Range(0.0, 1000.0)]
    [Description("The FactorL2 weight of the regularised neural model, on the embedding rows each batch uses")]
    public double NnFactorL2 { get; init; } = 1.0;

    [Range(1, 65536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Range(1, 10000)]
    [Description("How many of the most-rated items the principal-component plot shows")]
    public int Plot { get; init; } = 40;

    [Description("Where the cached data and the plot go")]
    public string Out { get; init; } = "runs/collab";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of the split, the weights and the shuffling")]
    public int Seed { get; init; } = 42;
}
