using FastDays.Text.Tokenization;

namespace FastDays.Text.Data;

/// <summary>How TextDataLoaders builds its loaders (fastai's keyword arguments of TextDataLoaders and TextBlock).</summary>
public sealed record TextDataOptions
{
    /// <summary>Texts per batch (fastai's bs): rows of a language model's streams, texts of a classifier's batch.</summary>
    public int Bs { get; init; } = 64;

    /// <summary>The window a model reads at a time (fastai's seq_len).</summary>
    public int SeqLen { get; init; } = 72;

    /// <summary>Whether the loaders feed a language model (fastai's is_lm): streams of all texts, labels ignored.</summary>
    public bool IsLm { get; init; }

    /// <summary>The seed of the split, of the shuffles and of every random draw.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The fewest occurrences of a token in the training texts for it to enter the vocabulary (fastai's min_freq).</summary>
    public int MinFreq { get; init; } = 3;

    /// <summary>The largest vocabulary (fastai's max_vocab).</summary>
    public int MaxVocab { get; init; } = 60_000;

    /// <summary>A token vocabulary to keep (a pretrained language model's: fastai's text_vocab), or null to learn one from the training texts.</summary>
    public IReadOnlyList<string>? Vocab { get; init; }

    /// <summary>The tokenizer (fastai's rules over WordTokenizer when null).</summary>
    public Tokenizer? Tokenizer { get; init; }

    /// <summary>How many batches a background thread prepares ahead.</summary>
    public int Prefetch { get; init; } = 2;
}
