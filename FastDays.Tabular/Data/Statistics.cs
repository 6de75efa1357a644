namespace FastDays.Tabular.Data;

/// <summary>Column statistics shared by the processors and the baselines.</summary>
internal static class Statistics
{
    /// <summary>The median of the values that are not NaN (the mean of the middle two for an even count), or 0 when there is none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var present = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return present.Length == 0 ? 0 : present.Length % 2 == 1 ? present[present.Length / 2]
            : (present[present.Length / 2 - 1] + present[present.Length / 2]) / 2;
    }
}
