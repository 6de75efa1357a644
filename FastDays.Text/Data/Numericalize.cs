namespace FastDays.Text.Data;

/// <summary>fastai's Numericalize: a vocabulary made from the training texts' token counts — the special tokens first, then the tokens seen at least
/// minFreq times, most frequent first (ties in the order first seen), at most maxVocab, padded with xxfake to a multiple of 8 as fastai pads it —
/// and the mapping between tokens and indices, unknown tokens to xxunk (index 0).</summary>
public sealed class Numericalize
{
    /// <summary>The padding token fastai adds to round the vocabulary up.</summary>
    public const string Fake = "xxfake";

    private readonly Dictionary<string, int> _index;

    /// <summary>A numericalizer of a given vocabulary (its first token is the unknown word).</summary>
    public Numericalize(IReadOnlyList<string> vocab)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        if (vocab.Count == 0) throw new ArgumentException("an empty vocabulary", nameof(vocab));
        Vocab = [.. vocab];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Vocab.Count; i++) _index.TryAdd(Vocab[i], i);
    }

    /// <summary>The tokens, indexed by their number.</summary>
    public IReadOnlyList<string> Vocab { get; }

    /// <summary>fastai's make_vocab from the tokenized training texts.</summary>
    public static Numericalize FromTexts(IEnumerable<IReadOnlyList<string>> texts, int minFreq = 3, int maxVocab = 60_000,
        IReadOnlyList<string>? specialTokens = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var token in texts.SelectMany(t => t))
            counts[token] = counts.TryGetValue(token, out var c) ? (c.Count + 1, c.First) : (1, counts.Count);
        var special = specialTokens ?? Tokenization.SpecialTokens.All;
        var common = counts.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First).Take(maxVocab)
            .Where(kv => kv.Value.Count >= minFreq).Select(kv => kv.Key).Where(t => !special.Contains(t));
        List<string> vocab = [.. special, .. common];
        if (vocab.Count > maxVocab) vocab.RemoveRange(maxVocab, vocab.Count - maxVocab);
        vocab.AddRange(Enumerable.Repeat(Fake, 8 - vocab.Count % 8));   // fastai adds 8 when the count is already a multiple of 8
        return new Numericalize(vocab);
    }

    /// <summary>The indices of tokens; a token outside the vocabulary is 0 (xxunk).</summary>
    public int[] Encode(IEnumerable<string> tokens) => [.. tokens.Select(t => _index.TryGetValue(t, out var i) ? i : 0)];

    /// <summary>The tokens of indices; an index outside the vocabulary is an error naming it.</summary>
    public string[] Decode(IEnumerable<int> indices) => [.. indices.Select(i => i >= 0 && i < Vocab.Count ? Vocab[i]
        : throw new ArgumentOutOfRangeException(nameof(indices), i, $"index {i} is outside the vocabulary of {Vocab.Count} tokens"))];
}
