namespace FastDays.Text.Tokenization;

/// <summary>fastai's Tokenizer (TokenizeWithRules): the rules on the raw text, a word tokenizer, then the post-rules on each token; texts are
/// tokenized in parallel and come back in their order.</summary>
/// <param name="tok">The word tokenizer (WordTokenizer when null).</param>
/// <param name="rules">The rules applied to the text first (TextRules.Defaults when null).</param>
/// <param name="postRules">The rules applied to each token (TextRules.PostDefaults when null).</param>
public sealed class Tokenizer(IWordTokenizer? tok = null, IReadOnlyList<Func<string, string>>? rules = null,
    IReadOnlyList<Func<string, string>>? postRules = null)
{
    /// <summary>The word tokenizer.</summary>
    public IWordTokenizer Tok { get; } = tok ?? new WordTokenizer();

    /// <summary>The rules applied to the text before it is split.</summary>
    public IReadOnlyList<Func<string, string>> Rules { get; } = rules ?? TextRules.Defaults;

    /// <summary>The rules applied to each token.</summary>
    public IReadOnlyList<Func<string, string>> PostRules { get; } = postRules ?? TextRules.PostDefaults;

    /// <summary>The tokens of one text (fastai's tokenize1).</summary>
    public IReadOnlyList<string> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var processed = Rules.Aggregate(text, (t, rule) => rule(t));
        return [.. Tok.Split(processed).Select(t => PostRules.Aggregate(t, (s, rule) => rule(s)))];
    }

    /// <summary>The tokens joined by spaces (fastai's decodes).</summary>
    public static string Decode(IEnumerable<string> tokens) => string.Join(' ', tokens);

    /// <summary>The tokens of every text, tokenized in parallel, in the texts' order (fastai's tokenize_texts).</summary>
    public IReadOnlyList<IReadOnlyList<string>> TokenizeTexts(IReadOnlyList<string> texts, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new IReadOnlyList<string>[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = workers ?? Environment.ProcessorCount }, i => result[i] = Encode(texts[i]));
        return result;
    }
}
