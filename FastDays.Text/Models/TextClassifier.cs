using FastDays.Text.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's get_text_classifier: a SentenceEncoder over an AWD-LSTM, then a PoolingLinearClassifier (fastai's SequentialRNN of the two).
/// </summary>
public sealed class TextClassifier : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly SentenceEncoder encoder;
    private readonly PoolingLinearClassifier head;

    /// <summary>A classifier into nClass classes over a vocabulary of vocabSz tokens: the encoder reads seqLen tokens at a time and keeps the last
    /// maxLen; the head has hidden layers linFtrs (fastai's [50]) with dropouts ps (0.1 each), after config's OutputP on the pooled features.
    /// </summary>
    public TextClassifier(int vocabSz, int nClass, AwdLstmConfig config, int seqLen = 72, int? maxLen = 72 * 20, IReadOnlyList<int>? linFtrs = null,
        IReadOnlyList<double>? ps = null) : base(nameof(TextClassifier))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(nClass, 1);
        var hidden = linFtrs ?? [50];
        var drops = ps ?? [.. hidden.Select(_ => 0.1)];
        encoder = new SentenceEncoder(seqLen, new AwdLstm(vocabSz, config), config.PadToken, maxLen);
        head = new PoolingLinearClassifier([config.EmbSz * 3, .. hidden, nClass], [config.OutputP, .. drops], seqLen);
        RegisterComponents();
    }

    /// <summary>The sentence encoder (its AWD-LSTM is what a fine-tuned language model's encoder loads into).</summary>
    public SentenceEncoder Encoder => encoder;

    /// <summary>The pooling classifier head.</summary>
    public PoolingLinearClassifier Head => head;

    /// <summary>Class scores (batch, classes) for padded token indices (batch, length).</summary>
    public override Tensor forward(Tensor input) => head.forward(encoder.forward(input));

    /// <inheritdoc />
    public void Reset() => encoder.Reset();
}
