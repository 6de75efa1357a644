using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's TrackerCallback: follows a recorded value (valid_loss by default) after each epoch and notes whether it improved.</summary>
/// <remarks>Its best value (and its subclasses' counters) are saved in checkpoints, so a resumed fit compares with what the stopped one had seen.
/// </remarks>
public abstract class TrackerCallback : Callback, IResumable
{
    /// <summary>Tracks monitor; lower is better when the name contains loss or error unless comp (better(a, b)) says otherwise.</summary>
    protected TrackerCallback(string monitor = "valid_loss", Func<double, double, bool>? comp = null, double minDelta = 0, bool resetOnFit = true)
    {
        Monitor = monitor;
        var lower = comp?.Invoke(0, 1) ?? (monitor.Contains("loss", StringComparison.Ordinal) || monitor.Contains("error", StringComparison.Ordinal));
        Comp = comp ?? (lower ? (a, b) => a < b : (a, b) => a > b);
        MinDelta = lower ? -Math.Abs(minDelta) : Math.Abs(minDelta);
        ResetOnFit = resetOnFit;
        Best = lower ? double.PositiveInfinity : double.NegativeInfinity;
        _initialBest = Best;
    }

    private readonly double _initialBest;

    /// <inheritdoc />
    public override int Order => 60;

    /// <summary>The recorded column followed, such as valid_loss or accuracy.</summary>
    public string Monitor { get; }

    /// <summary>Whether the first value is better than the second.</summary>
    public Func<double, double, bool> Comp { get; }

    /// <summary>The margin by which a value must beat the best to count as better (signed in the direction of improvement).</summary>
    public double MinDelta { get; }

    /// <summary>Whether Best is forgotten at the start of each fit.</summary>
    public bool ResetOnFit { get; }

    /// <summary>The best value seen.</summary>
    public double Best { get; protected set; }

    /// <summary>Whether the last epoch improved on the best value.</summary>
    public bool NewBest { get; private set; }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        if (ResetOnFit && Learn.Resuming is null) Best = _initialBest;
        if (!Learn.Recorder.Names.Contains(Monitor))
            throw new ArgumentException($"{GetType().Name} monitors '{Monitor}', which is not recorded (have: " +
                $"{string.Join(", ", Learn.Recorder.Names.Skip(1).SkipLast(1))})");
    }

    /// <inheritdoc />
    public override void AfterEpoch()
    {
        NewBest = false;
        var value = Learn.Recorder.Last(Monitor);
        NewBest = !double.IsNaN(value) && Comp(value - MinDelta, Best);
        if (NewBest) Best = value;
    }

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, double> SaveState() => new Dictionary<string, double>(StringComparer.Ordinal) { ["best"] = Best };

    /// <inheritdoc />
    public virtual void LoadState(IReadOnlyDictionary<string, double> state) => Best = SavedState.Number(state, "best", v => !double.IsNaN(v), "a number");
}
