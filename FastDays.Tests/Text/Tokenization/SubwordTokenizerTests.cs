using FastDays.Text.Tokenization;

namespace FastDays.Tests.Text.Tokenization;

public sealed class SubwordTokenizerTests
{
    private static readonly string[] Texts =
    [
        "The movie was wonderful, a wonderful cast and a wonderful story.",
        "I watched the movies twice; the second watching was better.",
        "Unwatchable. The worst movie I have watched this year!",
        "Wonderfully shot, wonderfully acted: see it.",
    ];

    [Test]
    public void LearntPiecesRebuildEveryWordAndFrequentWordsBecomeOnePiece()
    {
        var sub = SubwordTokenizer.Train(Texts, vocabSz: 200);
        var tokenizer = new Tokenizer(sub);
        foreach (var text in Texts)
        {
            var pieces = tokenizer.Encode(text);
            var processed = string.Join(' ', TextRules.Defaults.Aggregate(text, (t, rule) => rule(t)).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.That(SubwordTokenizer.Decode(pieces), Is.EqualTo(processed), "the pieces are the words, cut");
            Assert.That(pieces[0], Is.EqualTo(SubwordTokenizer.WordStart + "xxbos"), "rule tokens stay whole");
        }
        Assert.That(sub.Split("wonderful"), Is.EqualTo(new[] { SubwordTokenizer.WordStart + "wonderful" }), "a frequent word is one piece");
        Assert.That(sub.Split("wonderfully").Count, Is.EqualTo(1).Or.EqualTo(2));
        Assert.That(sub.Split("rewatched"), Has.Count.GreaterThan(1), "an unseen word is cut into known pieces");
        Assert.That(SubwordTokenizer.Train(Texts, vocabSz: 200).Merges, Is.EqualTo(sub.Merges), "the same texts give the same merges");
        Assert.That(sub.Vocab, Has.Count.LessThanOrEqualTo(200));
    }

    [Test]
    public void CharactersNeverSeenAndAnEmptyTextDoNotBreakIt()
    {
        var sub = SubwordTokenizer.Train(Texts, vocabSz: 60);
        Assert.That(sub.Split(""), Is.Empty);
        Assert.That(sub.Split("zebra 🦓"), Is.Not.Empty);
    }
}
