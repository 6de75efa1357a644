using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `human-numbers`.</summary>
internal sealed record HumanNumbersOptions
{
    [Description("The chapter's models to train, by number (1: three words in; 2: the loop; 3: state kept; 4: a prediction per word; " +
        "5: two-layer RNN; 6: two-layer LSTM; 7: with dropout, AR/TAR and weight tying)")]
    public string Models { get; init; } = "1,2,3,4,5,6,7";

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";

    [Description("The seed of each model's weights")]
    public int Seed { get; init; } = 42;
}
