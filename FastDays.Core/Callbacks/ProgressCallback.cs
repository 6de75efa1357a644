using System.Diagnostics;
using System.Globalization;
using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>Prints the per-epoch table, with a live progress bar when writing to a terminal and plain lines when output is redirected (a default
/// callback).</summary>
public sealed class ProgressCallback : Callback
{
    private readonly Stopwatch _throttle = new();
    private bool _barShown;

    /// <inheritdoc />
    public override int Order => 70;

    /// <summary>Where the table goes (the console by default).</summary>
    public TextWriter Writer { get; set; } = Console.Out;

    /// <summary>Whether the live bar is drawn; by default only when the console output is a terminal.</summary>
    public bool ShowBar { get; set; } = !Console.IsOutputRedirected;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        var names = Learn.Recorder.Names;
        Writer.WriteLine(string.Concat(names.Select((n, i) => i == names.Count - 1 ? n : n.PadRight(Math.Max(n.Length + 2, 12)))));
    }

    /// <inheritdoc />
    public override void BeforeTrain() => _throttle.Restart();

    /// <inheritdoc />
    public override void BeforeValidate() => _throttle.Restart();

    /// <inheritdoc />
    public override void AfterTrain() => ClearBar();

    /// <inheritdoc />
    public override void AfterValidate() => ClearBar();   // also ends the bar of a validation pass outside a fit (GetPreds, Tta)

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!ShowBar || (_throttle.ElapsedMilliseconds < 200 && Learn.Iter + 1 < Learn.NIter)) return;
        _throttle.Restart();
        const int width = 30;
        var done = (Learn.Iter + 1) * width / Math.Max(1, Learn.NIter);
        var loss = Learn.Training ? $" loss {Learn.Recorder.LastSmoothLoss:F4}" : "";
        Writer.Write($"\r{(Learn.Training ? "train" : "valid")} [{new string('#', done)}{new string('.', width - done)}] " +
            $"{Learn.Iter + 1}/{Learn.NIter}{loss}   ");
        _barShown = true;
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        ClearBar();
        if (Learn.Failure is not null) return;
        var names = Learn.Recorder.Names;
        var log = Learn.Recorder.Log;
        // Each cell as wide as its column (at least 12), and never touching the next one when a value is wider.
        var cells =
            log.Select((v, i) => Format(v) is var text && i < log.Count - 1
                ? text.PadRight(Math.Max(Math.Max(names[i].Length + 2, 12), text.Length + 1)) : text);
        Writer.WriteLine(string.Concat(cells).TrimEnd());
        Writer.Flush();
    }

    /// <inheritdoc />
    public override void AfterFit() => ClearBar();

    private void ClearBar()
    {
        if (!_barShown) return;
        Writer.Write("\r" + new string(' ', 79) + "\r");
        _barShown = false;
    }

    private static string Format(object value) => value switch
    {
        double d when double.IsNaN(d) => "-",
        double d => d.ToString("F6", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString(@"mm\:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
