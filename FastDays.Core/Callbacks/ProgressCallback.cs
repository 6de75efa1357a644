using System.Diagnostics;
using System.Globalization;
using FastDays.Learning;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FastDays.Callbacks;

/// <summary>Shows the per-epoch table: on a terminal a live Spectre.Console display (the table, under it a progress bar of the current pass), and
/// plain lines when output is redirected (a default callback).</summary>
public sealed class ProgressCallback : Callback
{
    private readonly Stopwatch _throttle = new();
    private readonly Lock _lock = new();
    private readonly List<string[]> _rows = [];
    private IReadOnlyList<string> _names = [];
    private LiveDisplay? _live;
    private bool _inFit;

    /// <inheritdoc />
    public override int Order => 70;

    /// <summary>Where the table goes (the console by default).</summary>
    public TextWriter Writer { get; set; } = Console.Out;

    /// <summary>Whether the live display is drawn; by default only when the console output is a terminal.</summary>
    public bool ShowBar { get; set; } = !Console.IsOutputRedirected;

    /// <summary>Writes a line above the live display (or as a plain line), so that a message during a fit does not tear the display.</summary>
    public void WriteLine(string message)
    {
        if (_live is { } live) live.Console.WriteLine(message);
        else Writer.WriteLine(message);
    }

    /// <summary>Writes a line through the learner's progress display when it has one, else to the console.</summary>
    public static void WriteLine(Learner learn, string message)
    {
        ArgumentNullException.ThrowIfNull(learn);
        if (learn.Cbs.OfType<ProgressCallback>().FirstOrDefault() is { } progress) progress.WriteLine(message);
        else Console.WriteLine(message);
    }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        _inFit = true;
        _names = Learn.Recorder.Names;
        lock (_lock) _rows.Clear();
        if (ShowBar) _live = LiveDisplay.Start(Writer, BuildTable);
        if (_live is null) Writer.WriteLine(string.Concat(_names.Select((n, i) => i == _names.Count - 1 ? n : n.PadRight(Math.Max(n.Length + 2, 12)))));
    }

    /// <inheritdoc />
    public override void BeforeTrain() => StartPass("train");

    /// <inheritdoc />
    public override void BeforeValidate() => StartPass("valid");

    /// <inheritdoc />
    public override void AfterTrain() => _live?.EndPass();

    /// <inheritdoc />
    public override void AfterValidate() => _live?.EndPass();

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (_live is null || (_throttle.ElapsedMilliseconds < 200 && Learn.Iter + 1 < Learn.NIter)) return;
        _throttle.Restart();
        // Reading the smoothed loss waits for the device, so it happens at most five times a second.
        var loss = Learn.Training ? $" loss {Learn.Recorder.LastSmoothLoss.ToString("F4", CultureInfo.InvariantCulture)}" : "";
        _live.Update(Learn.Iter + 1, $"{(Learn.Training ? "train" : "valid")}{loss}");
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        var cells = Learn.Recorder.Log.Select(Format).ToArray();
        if (_live is not null)
        {
            lock (_lock) _rows.Add(cells);
            _live.Refresh();
            return;
        }
        // Each cell as wide as its column (at least 12), and never touching the next one when a value is wider.
        Writer.WriteLine(string.Concat(cells.Select((text, i) => i < cells.Length - 1
            ? text.PadRight(Math.Max(Math.Max(_names[i].Length + 2, 12), text.Length + 1)) : text)).TrimEnd());
        Writer.Flush();
    }

    /// <summary>Stops the live display (of a fit, or of a validation pass outside one, such as GetPreds or Tta), however the run ended.</summary>
    public override void Cleanup()
    {
        _inFit = false;
        StopLive();
    }

    private void StartPass(string name)
    {
        _throttle.Restart();
        if (ShowBar && _live is null && !_inFit) _live = LiveDisplay.Start(Writer, null);
        _live?.StartPass(name, Learn.Dl?.Count ?? 0);   // NIter is set after this event
    }

    private void StopLive()
    {
        _live?.Stop();
        _live = null;
    }

    private IRenderable BuildTable()
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var name in _names) table.AddColumn(new TableColumn(name).RightAligned());
        lock (_lock)
            foreach (var row in _rows) table.AddRow(row);
        return table;
    }

    private static string Format(object value) => value switch
    {
        double d when double.IsNaN(d) => "-",
        double d => d.ToString("F6", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"mm\:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
