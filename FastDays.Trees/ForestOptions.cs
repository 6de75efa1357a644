namespace FastDays.Trees;

/// <summary>How a random forest is grown (the book's chapter 9 settings are the defaults: 40 trees, half the columns at each split, at least 5
/// rows a leaf).</summary>
public sealed record ForestOptions
{
    /// <summary>The number of trees (scikit-learn's n_estimators).</summary>
    public int Trees { get; init; } = 40;

    /// <summary>The most leaves a tree may have.</summary>
    public int Leaves { get; init; } = 1000;

    /// <summary>The fewest training rows a leaf may hold (min_samples_leaf).</summary>
    public int MinSamplesLeaf { get; init; } = 5;

    /// <summary>The share of the columns each split may choose from (max_features).</summary>
    public double MaxFeatures { get; init; } = 0.5;

    /// <summary>The share of the training rows each tree is grown on, drawn anew per tree (max_samples as a fraction).</summary>
    public double SampleFraction { get; init; } = 0.7;

    /// <summary>The seed of every random choice: the same seed grows the same forest.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The threads ML.NET may use; 1 keeps the forest the same for a seed on every machine.</summary>
    public int Threads { get; init; } = 1;
}
