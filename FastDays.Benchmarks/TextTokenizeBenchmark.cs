using System.Diagnostics;
using FastDays.Text.Data;
using FastDays.Text.Tokenization;

namespace FastDays.Benchmarks;

/// <summary>`text-tokenize`: fastai's rules with the spaCy-like word tokenizer, training byte-pair merges, and applying them — with
/// Microsoft.ML.Tokenizers' BpeTokenizer (what SubwordTokenizer uses) against a plain merge loop written here — in words per second.</summary>
internal sealed class TextTokenizeBenchmark : ExampleCommand<TextTokenizeBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "text-tokenize";

    /// <inheritdoc />
    public override string Summary => "Tokenizing: words, subword training, and subword encoding by Microsoft.ML.Tokenizers against a hand-written loop";

    /// <inheritdoc />
    public override int Run(TextTokenizeBenchmarkOptions o)
    {
        var texts = Directory.EnumerateFiles(o.Data, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => TextFiles.Read(f)).ToList();
        var clock = Stopwatch.StartNew();
        var tokens = new Tokenizer().TokenizeTexts(texts);
        var words = tokens.Sum(t => t.Count);
        Console.WriteLine($"{texts.Count:N0} texts, {words:N0} tokens: rules + word tokenizer {words / clock.Elapsed.TotalSeconds:N0} tokens/s (in parallel)");
        clock.Restart();
        var sub = SubwordTokenizer.Train(texts, o.VocabSz);
        Console.WriteLine($"byte-pair training to {sub.Vocab.Count:N0} pieces ({sub.Merges.Count:N0} merges): {clock.Elapsed.TotalSeconds:F1} s");
        var processed = texts.Select(t => TextRules.Defaults.Aggregate(t, (s, rule) => rule(s))).ToList();
        var ranks = sub.Merges.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        var (library, own) = (new List<double>(), new List<double>());
        long pieces = 0, ownPieces = 0;
        for (var r = 0; r < o.Repeats; r++)
        {
            // A fresh tokenizer each time, so neither side starts with its word cache filled.
            var fresh = new SubwordTokenizer(sub.Vocab, sub.Merges);
            clock.Restart();
            pieces = processed.Sum(t => (long)fresh.Split(t).Count);
            library.Add(words / clock.Elapsed.TotalSeconds);
            clock.Restart();
            ownPieces = processed.Sum(t => (long)OwnSplit(t, ranks, new Dictionary<string, int>(StringComparer.Ordinal)));
            own.Add(words / clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"pieces: {pieces:N0} (Microsoft.ML.Tokenizers), {ownPieces:N0} (hand-written loop){(pieces == ownPieces ? ", the same" : "")}");
        Console.WriteLine($"encoding with Microsoft.ML.Tokenizers: {string.Join("  ", library.Select(v => $"{v:N0}"))} tokens/s (best {library.Max():N0})");
        Console.WriteLine($"encoding with a hand-written merge loop: {string.Join("  ", own.Select(v => $"{v:N0}"))} tokens/s (best {own.Max():N0})");
        return 0;
    }

    // The merges applied word by word, the lowest-ranked pair first, with a cache of words seen (as SubwordTokenizer caches).
    private static int OwnSplit(string text, Dictionary<string, int> ranks, Dictionary<string, int> cache)
    {
        var count = 0;
        foreach (var word in text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (SpecialTokens.All.Contains(word)) { count++; continue; }   // rule tokens are whole pieces, as SubwordTokenizer keeps them
            if (cache.TryGetValue(word, out var n)) { count += n; continue; }
            var symbols = (SubwordTokenizer.WordStart + word).Select(c => c.ToString()).ToList();
            while (true)
            {
                var (best, at) = (int.MaxValue, -1);
                for (var k = 0; k + 1 < symbols.Count; k++)
                    if (ranks.TryGetValue(symbols[k] + " " + symbols[k + 1], out var rank) && rank < best) (best, at) = (rank, k);
                if (at < 0) break;
                symbols[at] += symbols[at + 1];
                symbols.RemoveAt(at + 1);
            }
            cache[word] = symbols.Count;
            count += symbols.Count;
        }
        return count;
    }
}
