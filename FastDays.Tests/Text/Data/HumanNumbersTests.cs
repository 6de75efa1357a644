using FastDays.Text.Data;

namespace FastDays.Tests.Text.Data;

public sealed class HumanNumbersTests
{
    [TestCase(1, "one")]
    [TestCase(15, "fifteen")]
    [TestCase(20, "twenty")]
    [TestCase(42, "forty two")]
    [TestCase(101, "one hundred one")]
    [TestCase(8000, "eight thousand")]
    [TestCase(9999, "nine thousand nine hundred ninety nine")]
    public void NumbersAreWrittenWithoutAndOrHyphens(int n, string words) => Assert.That(HumanNumbers.Words(n), Is.EqualTo(words));

    [Test]
    public void TheTextHasTheBooksTokenCountAndVocabulary()
    {
        Assert.That(HumanNumbers.Train, Has.Count.EqualTo(7_999));
        Assert.That(HumanNumbers.Valid[0], Is.EqualTo("eight thousand one"), "8,000 is in neither file, as in fastai's");
        var tokens = HumanNumbers.Tokens();
        Assert.That(tokens, Has.Count.EqualTo(63_095), "the book's len(tokens)");
        var vocab = tokens.Distinct().ToList();
        Assert.That(vocab, Has.Count.EqualTo(30));
        Assert.That(vocab.Take(3), Is.EqualTo(new[] { "one", ".", "two" }));
        Assert.That(vocab.IndexOf("thousand"), Is.EqualTo(29), "the book's tensor(29), 'thousand'");
    }
}
