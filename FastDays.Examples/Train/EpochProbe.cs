using System.Diagnostics;
using System.Globalization;

namespace FastDays.Examples.Train;

/// <summary>Records each epoch's wall time and the process's resident memory at its end, to show time per epoch and that memory stays flat.</summary>
internal sealed class EpochProbe : Callback
{
    private readonly Stopwatch _clock = new();

    /// <summary>Per epoch: seconds and resident bytes at its end.</summary>
    public List<(double Seconds, long Rss)> Epochs { get; } = [];

    /// <inheritdoc />
    public override void BeforeEpoch() => _clock.Restart();

    /// <inheritdoc />
    public override void AfterEpoch() => Epochs.Add((_clock.Elapsed.TotalSeconds, SelfProcess.CurrentRss()));

    /// <summary>The epochs' times and memory, and the memory's growth from the second epoch (once everything is allocated) to the last.</summary>
    public string Report()
    {
        if (Epochs.Count == 0) return "no epochs";
        var times = string.Join(" ", Epochs.Select(e => e.Seconds.ToString("F1", CultureInfo.InvariantCulture)));
        var rss = string.Join(" ", Epochs.Select(e => (e.Rss >> 20).ToString(CultureInfo.InvariantCulture)));
        var from = Epochs[Math.Min(1, Epochs.Count - 1)].Rss;
        var growth = 100.0 * (Epochs[^1].Rss - from) / from;
        return FormattableString.Invariant($"seconds per epoch: {times}; resident MiB after each epoch: {rss} ({growth:+0.0;-0.0}% from epoch 2 to the last)");
    }
}
