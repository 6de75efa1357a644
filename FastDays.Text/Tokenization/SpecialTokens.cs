namespace FastDays.Text.Tokenization;

/// <summary>fastai's special tokens, which the rules insert and the vocabulary puts first.</summary>
public static class SpecialTokens
{
    /// <summary>An unknown word (one outside the vocabulary).</summary>
    public const string Unk = "xxunk";

    /// <summary>Padding.</summary>
    public const string Pad = "xxpad";

    /// <summary>The beginning of a text.</summary>
    public const string Bos = "xxbos";

    /// <summary>The end of a text.</summary>
    public const string Eos = "xxeos";

    /// <summary>The start of a field, when a text joins several columns.</summary>
    public const string Fld = "xxfld";

    /// <summary>A character repeated: xxrep 4 a for aaaa.</summary>
    public const string Rep = "xxrep";

    /// <summary>A word repeated: xxwrep 3 ah for ah ah ah.</summary>
    public const string WRep = "xxwrep";

    /// <summary>The next word was in capitals.</summary>
    public const string Up = "xxup";

    /// <summary>The next word began with a capital.</summary>
    public const string Maj = "xxmaj";

    /// <summary>Undoes the rules' special tokens (fastai's decode_spec_tokens): xxmaj w → W…, xxup w → W, xxrep n c → c repeated n times,
    /// xxwrep n w → w repeated n times; other tokens stay.</summary>
    public static IReadOnlyList<string> DecodeSpec(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var hasNext = i + 1 < tokens.Count;
            if (t == Maj && hasNext && tokens[i + 1].Length > 0) result.Add(char.ToUpperInvariant(tokens[++i][0]) + tokens[i][1..]);
            else if (t == Up && hasNext) result.Add(tokens[++i].ToUpperInvariant());
            else if ((t == Rep || t == WRep) && i + 2 < tokens.Count && int.TryParse(tokens[i + 1], System.Globalization.NumberStyles.None,
                         System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 10_000)
            {
                var what = tokens[i + 2];
                result.Add(t == Rep ? string.Concat(Enumerable.Repeat(what, n)) : string.Join(' ', Enumerable.Repeat(what, n)));
                i += 2;
            }
            else result.Add(t);
        }
        return result;
    }

    /// <summary>Every special token, in fastai's order (defaults.text_spec_tok).</summary>
    public static IReadOnlyList<string> All { get; } = [Unk, Pad, Bos, Eos, Fld, Rep, WRep, Up, Maj];
}
