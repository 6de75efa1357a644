namespace FastDays.Trees;

/// <summary>One row as ML.NET reads it: a numeric label (a regression target, a class index, or 1 for true) and the processed inputs.</summary>
internal sealed class FeatureRow
{
    /// <summary>The target.</summary>
    public float Label { get; set; }

    /// <summary>The inputs: categorical codes, then continuous values.</summary>
    public float[] Features { get; set; } = [];
}
