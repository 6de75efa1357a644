using CsvHelper;
using FastDays.Persistence;

namespace FastDays.Data;

/// <summary>A CSV file with a header row as table rows (column name → cell), the items of fastai's from_df and ColReader.</summary>
public static class CsvRows
{
    /// <summary>The largest CSV read (256 MiB).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>The rows of a CSV file; a row with another number of cells than the header, a repeated column or an empty file is an error naming the
    /// file and line.</summary>
    public static List<IReadOnlyDictionary<string, string>> Read(string path)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = false, FieldCountMismatch = CsvFieldCountHandling.Allow, MalformedData = CsvMalformedDataHandling.Throw, TrackLineNumbers = true,
            SkipEmptyLines = true,
        };
        var rows = new List<IReadOnlyDictionary<string, string>>();
        string[]? header = null;
        try
        {
            SafeFile.CheckRegular(path, "CSV file");
            if (new FileInfo(path).Length > MaxBytes) throw new InvalidDataException($"{path}: the CSV file is over {MaxBytes >> 20} MiB");
            using var reader = CsvReader.Create(SafeFile.OpenRead(path, "CSV file", FileOptions.SequentialScan), options, leaveOpen: false);
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i).Trim();
                if (header is null)
                {
                    header = cells;
                    var twice = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                    if (twice is not null) throw new InvalidDataException($"{path}: the column '{Formats.Clip(twice.Key)}' appears twice in the header");
                    continue;
                }
                if (cells.Length != header.Length)
                    throw new InvalidDataException($"{path}: line {reader.LineNumber} has {cells.Length} cells where the header has {header.Length}");
                var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++) row[header[i]] = cells[i];
                rows.Add(row);
            }
        }
        catch (CsvFormatException e) { throw new InvalidDataException($"{path}: malformed CSV ({e.Message})", e); }
        return header is null ? throw new InvalidDataException($"{path}: the file is empty") : rows;
    }
}
