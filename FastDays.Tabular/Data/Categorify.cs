namespace FastDays.Tabular.Data;

/// <summary>fastai's Categorify: a vocabulary per categorical column from the training split, #na# first; missing and unseen values map to #na# (0).</summary>
public sealed class Categorify
{
    /// <summary>The placeholder class at index 0.</summary>
    public const string Na = "#na#";

    /// <summary>Each column's classes: #na#, then the training values in order (numbers numerically, before text).</summary>
    public Dictionary<string, List<string>> Classes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Learns each categorical column's classes from the training frame.</summary>
    public void Setup(TabularFrame train)
    {
        ArgumentNullException.ThrowIfNull(train);
        Classes.Clear();
        foreach (var name in train.CatNames)
        {
            Classes[name] = [Na, .. train.Cats[name].OfType<string>().Distinct(StringComparer.Ordinal).Order(NumericAwareComparer.Instance)];
        }
    }

    /// <summary>Replaces each categorical column by its codes (0 for missing or unseen values).</summary>
    public void Apply(TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var name in frame.CatNames)
        {
            var classes = Classes.TryGetValue(name, out var c) ? c : throw new InvalidDataException($"Categorify has no classes for column '{name}'");
            var index = classes.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (long)p.i, StringComparer.Ordinal);
            frame.Codes[name] = [.. frame.Cats[name].Select(v => v is not null && index.TryGetValue(v, out var i) ? i : 0L)];
        }
    }
}
