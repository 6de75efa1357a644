using FastDays.Text.Data;
using FastDays.Text.Tokenization;

namespace FastDays.Tests.Text.Data;

public sealed class NumericalizeTests
{
    private static IReadOnlyList<string>[] Texts() =>
    [
        ["xxbos", "the", "cat", "sat", "the", "end"],
        ["xxbos", "the", "dog", "sat", "the", "end"],
        ["xxbos", "a", "cat", "sat", "end", "the"],
    ];

    [Test]
    public void TheVocabularyHasTheSpecialTokensFirstThenTheFrequentOnesPaddedToAMultipleOf8()
    {
        var num = Numericalize.FromTexts(Texts(), minFreq: 2);
        // the: 5, sat: 3, end: 3, cat: 2 (ties in the order first seen); dog and a once: left out.
        Assert.That(num.Vocab.Take(13), Is.EqualTo(SpecialTokens.All.Concat(["the", "sat", "end", "cat"])));
        Assert.That(num.Vocab, Has.Count.EqualTo(16));
        Assert.That(num.Vocab.Skip(13), Is.All.EqualTo(Numericalize.Fake));
        Assert.That(Numericalize.FromTexts(Texts(), minFreq: 2, maxVocab: 10).Vocab.Take(10), Is.EqualTo(SpecialTokens.All.Append("the")));
        // Nine special and seven other tokens make 16, a multiple of 8 already: fastai adds 8 all the same.
        Assert.That(Numericalize.FromTexts([.. Texts(), ["b"]], minFreq: 1).Vocab, Has.Count.EqualTo(24));
    }

    [Test]
    public void TokensRoundTripAndUnknownOnesBecomeXxunk()
    {
        var num = Numericalize.FromTexts(Texts(), minFreq: 2);
        var ids = num.Encode(["xxbos", "the", "cat", "sat"]);
        Assert.That(ids, Is.EqualTo(new[] { 2, 9, 12, 10 }));
        Assert.That(num.Decode(ids), Is.EqualTo(new[] { "xxbos", "the", "cat", "sat" }));
        Assert.That(num.Encode(["dog", "zebra"]), Is.EqualTo(new[] { 0, 0 }));
        Assert.That(() => num.Decode([99]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("99"));
    }
}
