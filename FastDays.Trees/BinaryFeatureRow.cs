namespace FastDays.Trees;

/// <summary>One row for ML.NET's binary classifiers, whose label must be a boolean.</summary>
internal sealed class BinaryFeatureRow
{
    /// <summary>Whether the row is of the second class.</summary>
    public bool Label { get; set; }

    /// <summary>The inputs: categorical codes, then continuous values.</summary>
    public float[] Features { get; set; } = [];
}
