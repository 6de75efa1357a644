namespace FastDays.Text.Models;

/// <summary>The sizes and dropouts of an AWD-LSTM (fastai's awd_lstm_lm_config and awd_lstm_clas_config); DropMult scales every dropout at once.
/// </summary>
public sealed record AwdLstmConfig
{
    /// <summary>fastai's awd_lstm_lm_config: the language model's sizes and dropouts.</summary>
    public static AwdLstmConfig Lm { get; } = new();

    /// <summary>fastai's awd_lstm_clas_config: the classifier's heavier dropouts on the same sizes.</summary>
    public static AwdLstmConfig Clas { get; } = new() { OutputP = 0.4, HiddenP = 0.3, InputP = 0.4, EmbedP = 0.05, WeightP = 0.5 };

    /// <summary>The embedding size, which is also the last LSTM layer's output (so the decoder can share the embedding).</summary>
    public int EmbSz { get; init; } = 400;

    /// <summary>The hidden size of the LSTM layers but the last.</summary>
    public int NHid { get; init; } = 1152;

    /// <summary>The number of LSTM layers.</summary>
    public int NLayers { get; init; } = 3;

    /// <summary>The padding token's index.</summary>
    public int PadToken { get; init; } = 1;

    /// <summary>Dropout before the decoder (language model) or the classifier head's first layer.</summary>
    public double OutputP { get; init; } = 0.1;

    /// <summary>Dropout between LSTM layers (RNNDropout).</summary>
    public double HiddenP { get; init; } = 0.15;

    /// <summary>Dropout of the embeddings fed to the first layer (RNNDropout).</summary>
    public double InputP { get; init; } = 0.25;

    /// <summary>Whole-word dropout of the embedding matrix (EmbeddingDropout).</summary>
    public double EmbedP { get; init; } = 0.02;

    /// <summary>Dropout of the hidden-to-hidden weights (WeightDropout).</summary>
    public double WeightP { get; init; } = 0.2;

    /// <summary>Whether the decoder shares the embedding's matrix (weight tying).</summary>
    public bool TieWeights { get; init; } = true;

    /// <summary>Whether the decoder has a bias.</summary>
    public bool OutBias { get; init; } = true;

    /// <summary>The same configuration with every dropout multiplied by dropMult (fastai's drop_mult); a dropout it takes to 1 or more is an
    /// error.</summary>
    public AwdLstmConfig WithDropMult(double dropMult)
    {
        if (!(dropMult >= 0) || !double.IsFinite(dropMult))
            throw new ArgumentOutOfRangeException(nameof(dropMult), dropMult, "drop_mult scales the dropouts: a number of 0 or more");
        var scaled = this with
        {
            OutputP = OutputP * dropMult,
            HiddenP = HiddenP * dropMult,
            InputP = InputP * dropMult,
            EmbedP = EmbedP * dropMult,
            WeightP = WeightP * dropMult,
        };
        var top = new[] { scaled.OutputP, scaled.HiddenP, scaled.InputP, scaled.EmbedP, scaled.WeightP }.Max();
        return top < 1 ? scaled : throw new ArgumentOutOfRangeException(nameof(dropMult), dropMult, $"drop_mult takes a dropout to {top:G3}, not below 1");
    }
}
