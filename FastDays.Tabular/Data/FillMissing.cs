namespace FastDays.Tabular.Data;

/// <summary>fastai's FillMissing: fills missing continuous values with the training median and, for columns that had gaps in training, adds a
/// categorical NAME_na column saying which values were filled.</summary>
public sealed class FillMissing
{
    /// <summary>The training median of every continuous column (0 when training had no value at all).</summary>
    public Dictionary<string, double> Medians { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The continuous columns with missing values in training: each gets a NAME_na column.</summary>
    public List<string> NaColumns { get; init; } = [];

    /// <summary>Learns the medians and the columns with gaps from the training frame.</summary>
    public void Setup(TabularFrame train)
    {
        ArgumentNullException.ThrowIfNull(train);
        Medians.Clear();
        NaColumns.Clear();
        foreach (var name in train.ContNames)
        {
            Medians[name] = Statistics.Median(train.Conts[name]);
            if (train.Conts[name].Any(double.IsNaN)) NaColumns.Add(name);
        }
    }

    /// <summary>Fills the gaps and adds the NAME_na columns (as True/False categories).</summary>
    public void Apply(TabularFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var name in NaColumns)
        {
            var na = TableColumn.OfCodes([.. frame.Conts[name].Select(v => double.IsNaN(v) ? 1 : 0)], ["False", "True"]);
            if (frame.Cats.TryAdd(name + "_na", na)) frame.CatNames.Add(name + "_na");   // Cats and CatNames hold the same names
            else frame.Cats[name + "_na"] = na;
        }
        foreach (var name in frame.ContNames)
        {
            var median = Medians.TryGetValue(name, out var m) ? m : throw new InvalidDataException($"FillMissing has no median for column '{name}'");
            var values = frame.Conts[name];
            for (var i = 0; i < values.Length; i++) if (double.IsNaN(values[i])) values[i] = median;
        }
    }
}
