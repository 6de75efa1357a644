using System.Globalization;
using CsvHelper;
using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's CsvLogger: writes the per-epoch table (the Recorder's columns) to a CSV file under the learner's path; a resumed fit writes the
/// epochs its checkpoint restored first, so the file holds the whole fit.</summary>
public sealed class CsvLogger(string fname = "history.csv", bool append = false) : Callback, IDisposable
{
    private CsvWriter? _writer;

    /// <inheritdoc />
    public override int Order => 55;

    /// <summary>The file written, resolved against the learner's path.</summary>
    public string FilePath => Path.IsPathRooted(fname) ? fname : Path.Combine(Learn.Path, fname);

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(FilePath))!);
        var exists = append && File.Exists(FilePath) && new FileInfo(FilePath).Length > 0;
        _writer = CsvWriter.Create(new StreamWriter(FilePath, append), new CsvWriterOptions(), leaveOpen: false);
        if (!exists) _writer.WriteRecord([.. Learn.Recorder.Names]);
        if (Learn.Resuming is not null && !append)
        {
            var recorder = Learn.Recorder;
            for (var i = 0; i < recorder.Values.Count; i++) Write([i, .. recorder.Values[i].Cast<object>(), recorder.EpochTimes[i]]);
        }
        _writer.Flush();
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        Write(Learn.Recorder.Log);
        _writer!.Flush();
    }

    private void Write(IEnumerable<object> row) => _writer!.WriteRecord([.. row.Select(v => v switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"mm\:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    })]);

    /// <summary>Closes the file, however the fit ended.</summary>
    public override void Cleanup() => Dispose();

    /// <summary>Closes the file (Cleanup does at the end of every fit).</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Reads a CSV written by this callback back as rows of column → text.</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = true }, FileOptions.SequentialScan);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(reader.Headers.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => reader.GetString(c.i), StringComparer.Ordinal));
        return rows;
    }
}
