using System.Net;
using System.Text.RegularExpressions;

namespace FastDays.Text.Tokenization;

/// <summary>fastai's text rules: functions from text to text applied before tokenizing (fix_html … lowercase) and to each token after it
/// (replace_space). Each regular expression has a time-out, so a crafted text fails with a clear error rather than hanging.</summary>
public static partial class TextRules
{
    private const int TimeoutMs = 10_000;

    /// <summary>fastai's defaults.text_proc_rules, in order: FixHtml, ReplaceRep, ReplaceWrep, SpecAddSpaces, RmUselessSpaces, ReplaceAllCaps,
    /// ReplaceMaj, Lowercase.</summary>
    public static IReadOnlyList<Func<string, string>> Defaults { get; } =
        [FixHtml, ReplaceRep, ReplaceWrep, SpecAddSpaces, RmUselessSpaces, ReplaceAllCaps, ReplaceMaj, t => Lowercase(t)];

    /// <summary>fastai's defaults.text_postproc_rules: ReplaceSpace, applied to each token.</summary>
    public static IReadOnlyList<Func<string, string>> PostDefaults { get; } = [ReplaceSpace];

    /// <summary>Adds spaces around /, # and \ (fastai's spec_add_spaces).</summary>
    public static string SpecAddSpaces(string t) => Special().Replace(Check(t), " $1 ");

    /// <summary>Collapses runs of spaces into one (fastai's rm_useless_spaces).</summary>
    public static string RmUselessSpaces(string t) => Spaces().Replace(Check(t), " ");

    /// <summary>A character repeated three times or more becomes xxrep, the count and the character: cccc → " xxrep 4 c " (fastai's replace_rep).
    /// </summary>
    public static string ReplaceRep(string t) =>
        Repetition().Replace(Check(t), m => $" {SpecialTokens.Rep} {m.Groups[2].Length + 1} {m.Groups[1].Value} ");

    /// <summary>A word repeated three times or more becomes xxwrep, the count and the word: ah ah ah → " xxwrep 3 ah " (fastai's replace_wrep).
    /// </summary>
    public static string ReplaceWrep(string t) => WordRepetition().Replace(Check(t), m =>
    {
        var count = m.Groups[2].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length + 2;
        return $" {SpecialTokens.WRep} {count} {m.Groups[1].Value} {m.Groups[3].Value}";
    });

    /// <summary>Mends what scraped web text often holds — HTML entities without their ampersand, escaped quotes and new lines, &lt;br /&gt;,
    /// WikiText's @.@ — then decodes HTML entities (fastai's fix_html).</summary>
    public static string FixHtml(string x) => WebUtility.HtmlDecode(Check(x).Replace("#39;", "'", StringComparison.Ordinal)
        .Replace("amp;", "&", StringComparison.Ordinal).Replace("#146;", "'", StringComparison.Ordinal).Replace("nbsp;", " ", StringComparison.Ordinal)
        .Replace("#36;", "$", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("quot;", "'", StringComparison.Ordinal)
        .Replace("<br />", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal)
        .Replace("<unk>", SpecialTokens.Unk, StringComparison.Ordinal).Replace(" @.@ ", ".", StringComparison.Ordinal)
        .Replace(" @-@ ", "-", StringComparison.Ordinal).Replace("...", " …", StringComparison.Ordinal));

    /// <summary>A word in capitals of two letters or more becomes xxup and the word in lower case (fastai's replace_all_caps).</summary>
    public static string ReplaceAllCaps(string t) => AllCaps().Replace(Check(t), m =>
        $"{m.Groups[1].Value}{(m.Groups[2].Length > 1 ? $"{SpecialTokens.Up} " : "")}{m.Groups[2].Value.ToLowerInvariant()}");

    /// <summary>A word of two letters or more with only its first in capitals becomes xxmaj and the word in lower case (fastai's replace_maj).</summary>
    public static string ReplaceMaj(string t) => Capitalised().Replace(Check(t), m =>
        $"{m.Groups[1].Value}{(m.Groups[2].Length > 1 ? $"{SpecialTokens.Maj} " : "")}{m.Groups[2].Value.ToLowerInvariant()}");

    /// <summary>The text in lower case and trimmed, with xxbos before it (and xxeos after it) when asked (fastai's lowercase).</summary>
    public static string Lowercase(string t, bool addBos = true, bool addEos = false) =>
        (addBos ? $"{SpecialTokens.Bos} " : "") + Check(t).ToLowerInvariant().Trim() + (addEos ? $" {SpecialTokens.Eos}" : "");

    /// <summary>Replaces the spaces inside a token by ▁, so that tokens join and split on spaces (fastai's replace_space).</summary>
    public static string ReplaceSpace(string t) => Check(t).Replace(' ', '▁');

    private static string Check(string t) => t ?? throw new ArgumentNullException(nameof(t));

    [GeneratedRegex(@"([/#\\])", RegexOptions.None, TimeoutMs)]
    private static partial Regex Special();

    [GeneratedRegex(" {2,}", RegexOptions.None, TimeoutMs)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(\S)(\1{2,})", RegexOptions.None, TimeoutMs)]
    private static partial Regex Repetition();

    [GeneratedRegex(@"(?:\s|^)(\w+)\s+((?:\1\s+)+)\1(\s|\W|$)", RegexOptions.None, TimeoutMs)]
    private static partial Regex WordRepetition();

    [GeneratedRegex(@"(\s|^)([A-Z]+[^a-z\s]*)(?=(\s|$))", RegexOptions.None, TimeoutMs)]
    private static partial Regex AllCaps();

    [GeneratedRegex(@"(\s|^)([A-Z][^A-Z\s]*)(?=(\s|$))", RegexOptions.None, TimeoutMs)]
    private static partial Regex Capitalised();
}
