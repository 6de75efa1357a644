namespace FastDays.Tabular.Data;

/// <summary>fastai's tabular Normalize: each continuous column minus its training mean, over its training standard deviation (ddof 0, plus 1e-7).</summary>
public sealed class TabularNormalize
{
    /// <summary>The training means.</summary>
    public Dictionary<string, double> Means { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The training standard deviations (population, plus 1e-7 as in fastai).</summary>
    public Dictionary<string, double> Stds { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Learns means and standard deviations from the (filled) training frame.</summary>
    public void Setup(TabularFrame train)
    {
        ArgumentNullException.ThrowIfNull(train);
        Means.Clear();
        Stds.Clear();
        foreach (var name in train.ContNames)
        {
            var values = train.Conts[name];
            var mean = values.Length == 0 ? 0 : values.Average();
            Means[name] = mean;
            Stds[name] = Math.Sqrt(values.Length == 0 ? 0 : values.Sum(v => (v - mean) * (v - mean)) / values.Length) + 1e-7;
        }
    }

    /// <summary>Normalises the continuous columns in place.</summary>
    public void Apply(TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var name in frame.ContNames)
        {
            var (mean, std) = (Means[name], Stds[name]);
            var values = frame.Conts[name];
            for (var i = 0; i < values.Length; i++) values[i] = (values[i] - mean) / std;
        }
    }
}
