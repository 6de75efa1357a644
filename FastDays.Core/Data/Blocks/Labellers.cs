using System.Text.RegularExpressions;

namespace FastDays.Data;

/// <summary>fastai's getters of labels and values: parent_label, RegexLabeller, ColReader.</summary>
public static class Labellers
{
    /// <summary>The name of the folder a file is in (fastai's parent_label).</summary>
    public static string ParentLabel(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) is { Length: > 0 } name ? name : throw new InvalidDataException($"{path}: the file has no parent folder");

    /// <summary>The first group of pattern matched against each file's name (or whole path, with matchName false); a file that does not match is an
    /// error naming it (fastai's RegexLabeller).</summary>
    public static Func<string, string> RegexLabeller(string pattern, bool matchName = true)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        if (regex.GetGroupNumbers().Length < 2) throw new ArgumentException($"the label pattern {pattern} has no group to take the label from",
            nameof(pattern));
        return file =>
        {
            var m = regex.Match(matchName ? Path.GetFileName(file) : file);
            return m.Success ? m.Groups[1].Value : throw new InvalidDataException($"{file}: the file name does not match the label pattern {pattern}");
        };
    }

    /// <summary>Reads column col of a table row, with pref before and suff after it; labelDelim splits the cell into a list of labels (fastai's
    /// ColReader).</summary>
    public static Func<IReadOnlyDictionary<string, string>, object> ColReader(string col, string pref = "", string suff = "", string? labelDelim = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(col);
        return row =>
        {
            var cell = Cell(row, col);
            return labelDelim is null ? pref + cell + suff
                : (object)(string[])[.. cell.Split(labelDelim, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        };
    }

    internal static string Cell(IReadOnlyDictionary<string, string> row, string col) => row.TryGetValue(col, out var cell) ? cell
        : throw new InvalidDataException($"no column '{col}' (have: {Formats.Clip(string.Join(", ", row.Keys))})");
}
