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
            var column = train.Cats[name];
            var present = column.StoresNumbers ? column.OfType<string>().Distinct(StringComparer.Ordinal) : column.PresentTexts();
            Classes[name] = [Na, .. present.Order(NumericAwareComparer.Instance)];
        }
    }

    /// <summary>Replaces each categorical column by its codes (0 for missing or unseen values).</summary>
    public void Apply(TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var name in frame.CatNames)
        {
            var classes = Classes.TryGetValue(name, out var c) ? c : throw new InvalidDataException($"Categorify has no classes for column '{name}'");
            var index = classes.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            var column = frame.Cats[name];
            var result = new int[column.Count];
            if (column.Texts is { } texts)
            {
                // Each distinct text is looked up once.
                var map = texts.Select(t => index.GetValueOrDefault(t)).ToArray();
                for (var i = 0; i < result.Length; i++) result[i] = column.CodeAt(i) is var code and >= 0 ? map[code] : 0;
            }
            else
            {
                for (var i = 0; i < result.Length; i++) result[i] = column[i] is { } v ? index.GetValueOrDefault(v) : 0;
            }
            frame.Codes[name] = result;
        }
    }
}
