using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `text-tokenize`.</summary>
internal sealed record TextTokenizeBenchmarkOptions
{
    [Description("A folder of .txt files (searched recursively), e.g. the reviews `text` writes under runs/text/data/foods")]
    public string Data { get; init; } = "runs/text/data/foods";

    [Range(16, 1_000_000)]
    [Description("The subword vocabulary size")]
    public int VocabSz { get; init; } = 8000;

    [Range(1, 100)]
    [Description("Alternating repeats of each encoder")]
    public int Repeats { get; init; } = 3;
}
