using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Examples.Train;

namespace FastDays.Examples.Commands;

/// <summary>The options of `train`: the learner's, and the one-cycle fit's.</summary>
[ConfigFile(TrainCommand.DefaultConfig)]
internal sealed record TrainOptions : TrainSetup
{
    [Range(1, 100_000)]
    [Description("One-cycle epochs")]
    public int Epochs { get; init; } = 10;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The peak learning rate of the one-cycle schedule")]
    public double Lr { get; init; } = 5e-3;

    [Description("The schedule: one_cycle (fastai's fit_one_cycle: warm up, then anneal, momentum cycled) or flat_cos (fit_flat_cos: flat, then " +
        "cosine-annealed; fastai pairs it with ranger and a pct_start of 0.75)")]
    [AllowedValues("one_cycle", "flat_cos")]
    public string Schedule { get; init; } = "one_cycle";

    [Range(0.0, 1.0)]
    [Description("one_cycle: the fraction of the cycle spent warming up; flat_cos: the fraction spent flat")]
    public double PctStart { get; init; } = 0.25;

    [Description("Also report the accuracy of predictions averaged with those of the mirrored test images")]
    public bool Tta { get; init; } = true;

    [Range(1, 100)]
    [Description("Models trained with seeds seed, seed+1, … whose predicted probabilities are averaged (members under PATH/memberK)")]
    public int Ensemble { get; init; } = 1;

    [Description("A checkpoint of this configuration to continue from (Ctrl-C writes PATH/models/interrupted.ckpt)")]
    public string? Resume { get; init; }

    /// <inheritdoc />
    public override string Describe() =>
        $"{base.Describe()}, epochs: {Epochs}{(Schedule == "one_cycle" ? "" : $", schedule: {Schedule}")}, lr: {Lr}, pct_start: {PctStart}, " +
        $"tta: {Tta}{(Ensemble > 1 ? $", ensemble: {Ensemble}" : "")}";
}
