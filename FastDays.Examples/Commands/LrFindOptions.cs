using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Examples.Train;

namespace FastDays.Examples.Commands;

/// <summary>The options of `lr-find`: the train command's learner (read from its config, whose fit keys are skipped), the sweep's length and the
/// plot.</summary>
[ConfigFile(TrainCommand.DefaultConfig, sharedWith: typeof(TrainOptions))]
internal sealed record LrFindOptions : TrainSetup
{
    [Range(10, 1_000_000)]
    [Description("Batches of the sweep from 1e-7 to 10")]
    public int NumIt { get; init; } = 100;

    [Description("The plot of loss against learning rate")]
    public string Out { get; init; } = "runs/lr_find.png";
}
