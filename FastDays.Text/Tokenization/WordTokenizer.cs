using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FastDays.Text.Tokenization;

/// <summary>fastai's default word tokenizer for English, written after spaCy's rules (fastai calls spaCy's blank English tokenizer): words split
/// on spaces; opening punctuation and currency signs split off the front, closing punctuation and clitics ('s, n't, 're, 've, 'll, 'd, 'm) off the
/// back; hyphens and commas between letters split inside; abbreviations (U.S., e.g., Mr.) and special tokens kept whole; line breaks and other
/// whitespace kept as tokens.</summary>
public sealed partial class WordTokenizer : IWordTokenizer
{
    private static readonly string[] Prefixes = ["(", "[", "{", "\"", "'", "“", "‘", "«", "$", "£", "€", "¥", "…", "¿", "¡", "*", "<", "`"];
    private static readonly string[] Suffixes = [".", ",", "!", "?", ";", ":", ")", "]", "}", "\"", "'", "”", "’", "»", "…", "%", "*", ">"];
    private static readonly string[] Clitics = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’s", "’re", "’ve", "’ll", "’d", "’m"];

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "etc.", "jr.", "sr.", "prof.", "inc.", "ltd.", "co.", "corp.", "mt.", "no.", "vol.", "jan.", "feb.",
        "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenSet<string> _keep;

    /// <summary>A tokenizer that keeps the given tokens whole (fastai's special tokens when null).</summary>
    public WordTokenizer(IEnumerable<string>? specialTokens = null) =>
        _keep = (specialTokens ?? SpecialTokens.All).ToFrozenSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (var piece in text.Split(' '))
        {
            if (piece.Length == 0) continue;
            // Whitespace other than the single spaces split on (line breaks, tabs) stays as tokens of its own, as spaCy keeps it.
            var start = 0;
            for (var i = 0; i <= piece.Length; i++)
            {
                var atBoundary = i == piece.Length || char.IsWhiteSpace(piece[i]) != char.IsWhiteSpace(piece[start]);
                if (!atBoundary) continue;
                if (i > start)
                {
                    var run = piece[start..i];
                    if (char.IsWhiteSpace(run[0])) tokens.Add(run);
                    else SplitWord(run, tokens);
                }
                start = i;
            }
        }
        return tokens;
    }

    // One run of non-space characters: prefixes off the front, suffixes off the back (in order), infixes inside.
    private void SplitWord(string word, List<string> tokens)
    {
        var suffixes = new Stack<string>();
        while (word.Length > 0)
        {
            if (Whole(word)) break;
            if (Prefixes.FirstOrDefault(p => word.Length > p.Length && word.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            {
                tokens.Add(prefix);
                word = word[prefix.Length..];
                continue;
            }
            if (Clitics.FirstOrDefault(c => word.Length > c.Length && word.EndsWith(c, StringComparison.OrdinalIgnoreCase)
                && char.IsLetter(word[^(c.Length + 1)])) is { } clitic)
            {
                suffixes.Push(word[^clitic.Length..]);
                word = word[..^clitic.Length];
                continue;
            }
            if (Suffixes.FirstOrDefault(s => word.Length > s.Length && word.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
            {
                suffixes.Push(suffix);
                word = word[..^suffix.Length];
                continue;
            }
            break;
        }
        if (word.Length > 0)
        {
            if (Whole(word)) tokens.Add(word);
            else tokens.AddRange(Infix().Split(word).Where(t => t.Length > 0));
        }
        while (suffixes.Count > 0) tokens.Add(suffixes.Pop());
    }

    // Tokens that are never split: special tokens, abbreviations (U.S., e.g., Mr.), and the bare clitics and punctuation.
    private bool Whole(string word) => _keep.Contains(word) || Abbreviations.Contains(word) || Initials().IsMatch(word)
        || Clitics.Contains(word, StringComparer.OrdinalIgnoreCase) || (word.Length == 1 && !char.IsLetterOrDigit(word[0]));

    [GeneratedRegex(@"^([A-Za-z]\.){2,}$", RegexOptions.None, 1000)]
    private static partial Regex Initials();

    // A hyphen or a comma between letters (well-known → well - known), kept as tokens of their own.
    [GeneratedRegex(@"((?<=\p{L})[-,](?=\p{L})|--+)", RegexOptions.None, 1000)]
    private static partial Regex Infix();
}
