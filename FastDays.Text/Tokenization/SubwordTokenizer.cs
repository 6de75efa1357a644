using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace FastDays.Text.Tokenization;

/// <summary>fastai's SubwordTokenizer with byte-pair encoding in place of SentencePiece: merges of frequent neighbouring symbols are learnt from the
/// training texts (Train) until the vocabulary has vocabSz pieces, and Microsoft.ML.Tokenizers' BpeTokenizer applies them; a piece that starts a
/// word carries fastai's ▁ mark, so Decode joins pieces back into the words. Tokens made by the text rules (xxbos, xxmaj, …) stay whole.</summary>
public sealed class SubwordTokenizer : IWordTokenizer
{
    /// <summary>The mark of a piece that starts a word (SentencePiece's, which fastai shows).</summary>
    public const char WordStart = '\u2581';

    private const string Unknown = "<unk>";
    private readonly BpeTokenizer _bpe;
    private readonly ConcurrentDictionary<string, string[]> _words = new(StringComparer.Ordinal);

    /// <summary>A tokenizer applying learnt merges (each "left right", in the order learnt) over the pieces of vocab.</summary>
    public SubwordTokenizer(IReadOnlyList<string> vocab, IReadOnlyList<string> merges)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(merges);
        (Vocab, Merges) = ([.. vocab], [.. merges]);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { [Unknown] = 0 };
        foreach (var piece in Vocab) ids.TryAdd(piece, ids.Count);
        // Words are split here; the library's own pre-tokenizer would cut the ▁ mark off as punctuation, so it splits at white space only.
        _bpe = BpeTokenizer.Create(new BpeOptions(ids)
        {
            Merges = Merges, UnknownToken = Unknown, FuseUnknownTokens = true, PreTokenizer = PreTokenizer.CreateWhiteSpace(),
        });
    }

    /// <summary>The pieces: single characters, then each merge's result in the order learnt.</summary>
    public IReadOnlyList<string> Vocab { get; }

    /// <summary>The merges, "left right", in the order learnt.</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>Learns byte-pair merges from texts (after the text rules, as Tokenizer runs them) until vocabSz pieces: each step merges the pair of
    /// neighbouring symbols most frequent across the words (ties to the ordinally first pair), so the same texts always give the same merges.</summary>
    public static SubwordTokenizer Train(IEnumerable<string> texts, int vocabSz = 10_000, IReadOnlyList<Func<string, string>>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSz, 1);
        var ruleList = rules ?? TextRules.Defaults;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var word in Words(ruleList.Aggregate(text, (t, rule) => rule(t))))
                if (!IsRuleToken(word)) counts[word] = counts.GetValueOrDefault(word) + 1;
        return new SubwordTokenizer(BytePairs.Learn(counts, vocabSz, WordStart, out var merges), merges);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<string>();
        foreach (var word in Words(text))
        {
            if (IsRuleToken(word)) { result.Add(WordStart + word); continue; }
            // Words seen are remembered (a bounded number, so that a long-running server does not grow without end).
            result.AddRange(_words.TryGetValue(word, out var known) ? known
                : _words.Count < 1_000_000 ? _words.GetOrAdd(word, Pieces) : Pieces(word));
        }
        return result;
    }

    private string[] Pieces(string word) => [.. _bpe.EncodeToTokens(WordStart + word, out _).Select(t => t.Value)];

    /// <summary>The text of pieces: pieces joined, a ▁ mark becoming the space before its word.</summary>
    public static string Decode(IEnumerable<string> pieces) => string.Concat(pieces).Replace(WordStart, ' ').TrimStart();

    private static string[] Words(string text) => text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    // fastai's rule tokens are whole pieces of their own.
    private static bool IsRuleToken(string word) => SpecialTokens.All.Contains(word);
}
