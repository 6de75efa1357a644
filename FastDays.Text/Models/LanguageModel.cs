using FastDays.Text.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's get_language_model: an AWD-LSTM encoder and a LinearDecoder (fastai's SequentialRNN of the two): scores for the next token at
/// every position, the state carried from batch to batch, and the last layer's activations kept for RNNRegularizer.</summary>
public sealed class LanguageModel : nn.Module<Tensor, Tensor>, IResettable, IRnnActivations
{
    private readonly AwdLstm encoder;
    private readonly LinearDecoder decoder;

    /// <summary>A language model over vocabSz tokens with config's sizes and dropouts.</summary>
    public LanguageModel(int vocabSz, AwdLstmConfig config) : base(nameof(LanguageModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        encoder = new AwdLstm(vocabSz, config);
        decoder = new LinearDecoder(vocabSz, config.EmbSz, config.OutputP, config.TieWeights ? encoder.Encoder : null, config.OutBias);
        RegisterComponents();
    }

    /// <summary>The AWD-LSTM, what a classifier reuses.</summary>
    public AwdLstm Encoder => encoder;

    /// <summary>The decoder.</summary>
    public LinearDecoder Decoder => decoder;

    /// <inheritdoc />
    public Tensor? RawOutput => decoder.RawOutput;

    /// <inheritdoc />
    public Tensor? Output => decoder.Output;

    /// <summary>Next-token scores (batch, sequence, vocabulary) for token indices (batch, sequence).</summary>
    public override Tensor forward(Tensor input) => decoder.forward(encoder.forward(input));

    /// <inheritdoc />
    public void Reset() => encoder.Reset();
}
