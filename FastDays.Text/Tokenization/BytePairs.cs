namespace FastDays.Text.Tokenization;

/// <summary>Byte-pair encoding's training: symbols of words, weighted by how often each word occurs, merged pair by pair, the pair counts kept up to
/// date for the words a merge touches only.</summary>
internal static class BytePairs
{
    /// <summary>The vocabulary (characters in order of first sight, then merged pieces) and the merges ("left right") learnt from word counts until
    /// vocabSz pieces or no pair occurs twice; wordStart marks the first symbol of every word.</summary>
    public static List<string> Learn(IReadOnlyDictionary<string, int> counts, int vocabSz, char wordStart, out List<string> merges)
    {
        var words = counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (Symbols: Symbols(wordStart + kv.Key), Count: kv.Value)).ToList();
        var vocab = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in words.SelectMany(w => w.Symbols)) if (known.Add(s)) vocab.Add(s);
        var pairs = new Dictionary<(string, string), long>();
        var where = new Dictionary<(string, string), HashSet<int>>();
        for (var i = 0; i < words.Count; i++) Count(i, +1);
        merges = [];
        while (vocab.Count < vocabSz && pairs.Count > 0)
        {
            var best = pairs.MaxBy(kv => (kv.Value, new Rank(kv.Key)));
            if (best.Value < 2) break;
            var (left, right) = best.Key;
            var merged = left + right;
            merges.Add($"{left} {right}");
            if (known.Add(merged)) vocab.Add(merged);
            foreach (var i in where[best.Key].ToList())
            {
                Count(i, -1);
                var s = words[i].Symbols;
                var next = new List<string>(s.Count);
                for (var k = 0; k < s.Count; k++)
                    if (k + 1 < s.Count && s[k] == left && s[k + 1] == right) { next.Add(merged); k++; }
                    else next.Add(s[k]);
                words[i] = (next, words[i].Count);
                Count(i, +1);
            }
        }
        return vocab;

        void Count(int i, int sign)
        {
            var (s, c) = words[i];
            for (var k = 0; k + 1 < s.Count; k++)
            {
                var pair = (s[k], s[k + 1]);
                var total = pairs.GetValueOrDefault(pair) + sign * (long)c;
                if (total <= 0) { pairs.Remove(pair); where.Remove(pair); continue; }
                pairs[pair] = total;
                if (sign > 0) (where.TryGetValue(pair, out var set) ? set : where[pair] = []).Add(i);
            }
        }
    }

    // The word's characters (text elements, so that a surrogate pair or an accent stays with its letter).
    private static List<string> Symbols(string word)
    {
        var symbols = new List<string>(word.Length);
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext()) symbols.Add(e.GetTextElement());
        return symbols;
    }

    // Ties go to the ordinally first pair: a larger rank for an earlier pair.
    private readonly record struct Rank((string Left, string Right) Pair) : IComparable<Rank>
    {
        public int CompareTo(Rank other)
        {
            var c = string.CompareOrdinal(other.Pair.Left, Pair.Left);
            return c != 0 ? c : string.CompareOrdinal(other.Pair.Right, Pair.Right);
        }
    }
}
