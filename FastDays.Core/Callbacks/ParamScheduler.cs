using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>Sets hyper-parameters from schedules before every training batch (one schedule per parameter group, or one for all) and records them.</summary>
public class ParamScheduler : Callback
{
    /// <summary>Schedules per hyper-parameter name.</summary>
    public ParamScheduler(IReadOnlyDictionary<string, Schedule[]> scheds) => Scheds = scheds;

    /// <inheritdoc />
    public override int Order => 60;

    /// <inheritdoc />
    public override bool RunValid => false;

    /// <summary>The schedules per hyper-parameter name.</summary>
    public IReadOnlyDictionary<string, Schedule[]> Scheds { get; }

    /// <summary>The values set at each training batch (of the last group), per hyper-parameter.</summary>
    public Dictionary<string, List<double>> Hps { get; } = new(StringComparer.Ordinal);

    /// <summary>How many evenly spaced positions of the fit, both ends included, Samples evaluates each schedule at.</summary>
    public const int SamplePoints = 17;

    /// <summary>Every schedule's values at SamplePoints evenly spaced positions from 0 to 1, per hyper-parameter and schedule: what a checkpoint
    /// keeps so that a fit resumed with other schedules is refused.</summary>
    public Dictionary<string, double[][]> Samples() =>
        Scheds.ToDictionary(kv => kv.Key, kv => kv.Value.Select(s => Enumerable.Range(0, SamplePoints).Select(i => s(i / (SamplePoints - 1.0))).ToArray())
            .ToArray(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Hps.Clear();
        foreach (var name in Scheds.Keys) Hps[name] = [];
    }

    /// <inheritdoc />
    public override void BeforeBatch() => UpdateValues(Learn.PctTrain);

    /// <summary>Sets every scheduled hyper-parameter to its value at pos.</summary>
    protected void UpdateValues(double pos)
    {
        foreach (var (name, scheds) in Scheds) Learn.Opt!.SetHyper(name, [.. scheds.Select(s => s(pos))]);
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        foreach (var name in Scheds.Keys) Hps[name].Add(Learn.Opt!.ParamGroups[^1].Hypers[name]);
    }
}
