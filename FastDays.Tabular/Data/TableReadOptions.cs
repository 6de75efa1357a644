namespace FastDays.Tabular.Data;

/// <summary>How Table.ReadCsv reads a file: lines to skip, whether a header names the columns (or Names does), the separator and what counts as
/// missing.</summary>
public sealed record TableReadOptions
{
    /// <summary>Lines skipped before the header or the first row (scikit-learn's CSVs start with a line of counts).</summary>
    public int SkipRows { get; init; }

    /// <summary>Whether the first line read is a header of column names.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>Column names for a file without a header (or to replace the header's).</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The field separator.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Field values read as missing, after trimming (pandas' defaults, in short).</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?"];
}
