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

    /// <summary>Every special token, in fastai's order (defaults.text_spec_tok).</summary>
    public static IReadOnlyList<string> All { get; } = [Unk, Pad, Bos, Eos, Fld, Rep, WRep, Up, Maj];
}
