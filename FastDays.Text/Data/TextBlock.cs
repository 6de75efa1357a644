using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using FastDays.Data;
using FastDays.Text.Tokenization;
using static TorchSharp.torch;

namespace FastDays.Text.Data;

/// <summary>fastai's TextBlock: a text (a string, tokenized with the block's Tokenizer, or a list of tokens already made) becomes its token indices
/// under a vocabulary learnt from the training texts; a batch pads its texts to the longest as fastai's pad_input_chunk does — whole windows of
/// seqLen padding first, the remainder after — so that a SentenceEncoder reading windows of seqLen starts every text at a window's start.</summary>
public sealed class TextBlock : TransformBlock
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _tokens = new(StringComparer.Ordinal);
    private Numericalize? _num;

    /// <summary>A text block; vocab, when given, is used as it is instead of one learnt from the training texts.</summary>
    /// <param name="tokenizer">Tokenizes raw strings (fastai's rules over WordTokenizer when null).</param>
    /// <param name="vocab">A vocabulary to keep (a pretrained language model's), or null to learn one.</param>
    /// <param name="isLm">Whether the texts feed a language model (fastai's is_lm).</param>
    /// <param name="seqLen">The window a model reads at a time (fastai's seq_len).</param>
    /// <param name="minFreq">The fewest times a token must occur in the training texts to enter a learnt vocabulary.</param>
    /// <param name="maxVocab">The most tokens a learnt vocabulary holds.</param>
    public TextBlock(Tokenizer? tokenizer = null, IReadOnlyList<string>? vocab = null, bool isLm = false, int seqLen = 72, int minFreq = 3,
        int maxVocab = 60_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLen, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVocab, SpecialTokens.All.Count);
        (Tokenizer, IsLm, SeqLen, MinFreq, MaxVocab) = (tokenizer ?? new Tokenizer(), isLm, seqLen, minFreq, maxVocab);
        if (vocab is not null) _num = new Numericalize(vocab);
    }

    /// <summary>Tokenizes raw strings.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>Whether the texts feed a language model.</summary>
    public bool IsLm { get; }

    /// <summary>The window a model reads at a time.</summary>
    public int SeqLen { get; }

    /// <summary>The fewest occurrences of a token in a learnt vocabulary.</summary>
    public int MinFreq { get; }

    /// <summary>The largest learnt vocabulary.</summary>
    public int MaxVocab { get; }

    /// <summary>The most texts whose tokens the block remembers.</summary>
    public const int MaxRemembered = 1_000_000;

    /// <summary>The index of xxpad, which pads texts in a batch.</summary>
    public static int PadIndex => 1;

    /// <summary>The numericalizer (the vocabulary's token-index maps), once the block is set up or was given a vocabulary.</summary>
    public Numericalize Numericalizer => _num ?? throw new InvalidOperationException("the TextBlock has no vocabulary yet: set it up on training texts");

    /// <inheritdoc />
    public override TensorType Type => TensorType.Text;

    /// <summary>The token vocabulary (fastai's dls.vocab of a text block), empty before setup.</summary>
    public override IReadOnlyList<string> Vocab => _num?.Vocab ?? [];

    /// <inheritdoc />
    public override int? OutputSize => IsLm && _num is not null ? _num.Vocab.Count : null;

    /// <inheritdoc />
    public override string Describe() => $"TextBlock({Vocab.Count} tokens{(IsLm ? ", language model" : "")})";

    /// <summary>Learns the vocabulary from the training texts (tokenized in parallel) unless one was given.</summary>
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        ArgumentNullException.ThrowIfNull(trainingValues);
        var tokens = TokensOf(trainingValues);
        _num ??= Numericalize.FromTexts(tokens, MinFreq, MaxVocab);
    }

    /// <summary>The tokens of many values, tokenizing the strings among them in parallel.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TokensOf(IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new IReadOnlyList<string>[values.Count];
        Parallel.For(0, values.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => result[i] = Tokens(values[i]));
        return result;
    }

    /// <summary>The tokens of a value: a list of tokens as it is, a string through the tokenizer (remembered up to MaxRemembered texts, so a
    /// data set's text is tokenized once while a server predicting new texts does not grow without end).</summary>
    public IReadOnlyList<string> Tokens(object value) => value switch
    {
        IReadOnlyList<string> tokens => tokens,
        string text => _tokens.TryGetValue(text, out var known) ? known
            : _tokens.Count < MaxRemembered ? _tokens.GetOrAdd(text, Tokenize) : Tokenize(text),
        null => throw new InvalidDataException("a text value is null"),
        _ => throw new InvalidDataException($"a TextBlock takes a string or a list of tokens, not a {value.GetType().Name}"),
    };

    private IReadOnlyList<string> Tokenize(string text)
    {
        try { return Tokenizer.Encode(text); }
        catch (RegexMatchTimeoutException e)
        {
            throw new InvalidDataException(
                $"the text rules did not finish within {e.MatchTimeout.TotalSeconds:F0} s on a text of {text.Length:N0} characters", e);
        }
    }

    /// <summary>The token indices of a text, an int64 vector; an empty text is an error (it has nothing to read).</summary>
    public override Tensor Encode(object value)
    {
        var ids = Numericalizer.Encode(Tokens(value));
        if (ids.Length == 0) throw new InvalidDataException("an empty text (no tokens)");
        return tensor(Array.ConvertAll(ids, i => (long)i));
    }

    /// <inheritdoc />
    public override bool PadsItems => true;

    /// <summary>Pads the texts to the longest with xxpad (fastai's pad_input_chunk): whole windows of seqLen first, the remainder after.</summary>
    public override Tensor Collate(IReadOnlyList<Tensor> values) => PadChunks(values, SeqLen);

    /// <summary>fastai's pad_input_chunk on int64 vectors: each padded to the longest, whole windows of seqLen padding before the text (padFirst) or
    /// after it, the remainder after the text.</summary>
    public static Tensor PadChunks(IReadOnlyList<Tensor> values, int seqLen, bool padFirst = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLen, 1);
        if (values.Count == 0) throw new ArgumentException("no texts to pad", nameof(values));
        var longest = values.Max(v => v.shape[0]);
        var rows = new long[values.Count * longest];
        Array.Fill(rows, PadIndex);
        for (var i = 0; i < values.Count; i++)
        {
            var ids = values[i].data<long>().ToArray();
            var missing = longest - ids.Length;
            var start = padFirst ? missing / seqLen * seqLen : 0;
            Array.Copy(ids, 0, rows, i * longest + start, ids.Length);
        }
        return tensor(rows, [values.Count, longest]);
    }

    /// <summary>The text of token indices, padding left out.</summary>
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var ids = value.to_type(ScalarType.Int64).cpu();
        return Tokenizer.Decode(Numericalizer.Decode(ids.data<long>().ToArray().Where(i => i != PadIndex).Select(i => (int)i)));
    }

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(TextBlock), Type.Name, [.. Vocab], null, new Dictionary<string, string>
    {
        ["is_lm"] = IsLm ? "true" : "false",
        ["seq_len"] = SeqLen.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The block an export recorded (its vocabulary and settings, with the default tokenizer).</summary>
    internal static TextBlock FromSpec(BlockSpec spec)
    {
        var args = spec.Args ?? [];
        var seqLen = args.TryGetValue("seq_len", out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
            : throw new InvalidDataException($"a TextBlock spec needs seq_len, a positive whole number (got '{Formats.Clip(s ?? "")}')");
        if (spec.Vocab.Count < SpecialTokens.All.Count) throw new InvalidDataException($"a TextBlock spec's vocabulary has {spec.Vocab.Count} tokens");
        return new TextBlock(vocab: spec.Vocab, isLm: args.GetValueOrDefault("is_lm") == "true", seqLen: seqLen);
    }
}
