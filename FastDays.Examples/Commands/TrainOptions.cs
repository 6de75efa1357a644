using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Examples.Train;

namespace FastDays.Examples.Commands;

/// <summary>The options of `train`: the learner's, and the one-cycle fit's.</summary>
[ConfigFile(TrainCommand.DefaultConfig)]
public sealed record TrainOptions : TrainSetup
{
    /// <summary>The number of one-cycle epochs.</summary>
    [Range(1, 100_000)]
    [Description("One-cycle epochs")]
    public int Epochs { get; init; } = 10;

    /// <summary>The peak learning rate.</summary>
    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("The peak learning rate of the one-cycle schedule")]
    public double Lr { get; init; } = 5e-3;

    /// <summary>The fraction of the cycle spent warming up.</summary>
    [Range(0.0, 1.0)]
    [Description("The fraction of the cycle spent warming up")]
    public double PctStart { get; init; } = 0.25;

    /// <summary>Whether the reported accuracy also averages the predictions of the flipped test images (test-time augmentation).</summary>
    [Description("Also report the accuracy of predictions averaged with those of the mirrored test images")]
    public bool Tta { get; init; } = true;

    /// <summary>How many models to train (seeds seed, seed + 1, …) and average, the book's ensembling; members go to PATH/memberK.</summary>
    [Range(1, 100)]
    [Description("Models trained with seeds seed, seed+1, … whose predicted probabilities are averaged (members under PATH/memberK)")]
    public int Ensemble { get; init; } = 1;

    /// <summary>A checkpoint of this configuration to continue from, or null.</summary>
    [Description("A checkpoint of this configuration to continue from (Ctrl-C writes PATH/models/interrupted.ckpt)")]
    public string? Resume { get; init; }

    /// <inheritdoc />
    public override string Describe() =>
        $"{base.Describe()}, epochs: {Epochs}, lr: {Lr}, pct_start: {PctStart}, tta: {Tta}{(Ensemble > 1 ? $", ensemble: {Ensemble}" : "")}";
}
