using FastDays.Text.Tokenization;

namespace FastDays.Tests.Text.Tokenization;

/// <summary>fastai's text rules on the examples fastai's own notebook (30_text.core) tests them with.</summary>
public sealed class TextRulesTests
{
    [TestCase("#fastai", " # fastai")]
    [TestCase("/fastai", " / fastai")]
    [TestCase("\\fastai", " \\ fastai")]
    public void SpecAddSpaces(string text, string expected) => Assert.That(TextRules.SpecAddSpaces(text), Is.EqualTo(expected));

    [Test]
    public void RmUselessSpaces() => Assert.That(TextRules.RmUselessSpaces("a  b   c"), Is.EqualTo("a b c"));

    [TestCase("aa", "aa")]
    [TestCase("aaaa", " xxrep 4 a ")]
    public void ReplaceRep(string text, string expected) => Assert.That(TextRules.ReplaceRep(text), Is.EqualTo(expected));

    [TestCase("ah ah", "ah ah")]
    [TestCase("ah ah ah", " xxwrep 3 ah ")]
    [TestCase("ah ah ah ah", " xxwrep 4 ah ")]
    [TestCase("ah ah ah ah ", " xxwrep 4 ah  ")]
    [TestCase("ah ah ah ah.", " xxwrep 4 ah .")]
    [TestCase("ah ah ahi", "ah ah ahi")]
    public void ReplaceWrep(string text, string expected) => Assert.That(TextRules.ReplaceWrep(text), Is.EqualTo(expected));

    [TestCase("#39;bli#146;", "'bli'")]
    [TestCase("Sarah amp; Duck...", "Sarah & Duck …")]
    [TestCase("a nbsp; #36;", "a   $")]
    [TestCase("\\\" <unk>", "\" xxunk")]
    [TestCase("quot;  @.@  @-@ ", "' .-")]
    [TestCase("<br />text\\nline", "\ntext\nline")]
    public void FixHtml(string text, string expected) => Assert.That(TextRules.FixHtml(text), Is.EqualTo(expected));

    [TestCase("I'M SHOUTING", "xxup i'm xxup shouting")]
    [TestCase("I'm speaking normally", "I'm speaking normally")]
    [TestCase("I am speaking normally", "i am speaking normally")]
    public void ReplaceAllCaps(string text, string expected) => Assert.That(TextRules.ReplaceAllCaps(text), Is.EqualTo(expected));

    [TestCase("Jeremy Howard", "xxmaj jeremy xxmaj howard")]
    [TestCase("I don't think there is any maj here", "i don't think there is any maj here")]
    public void ReplaceMaj(string text, string expected) => Assert.That(TextRules.ReplaceMaj(text), Is.EqualTo(expected));

    [Test]
    public void LowercaseAddsTheBeginningOfTextAndReplaceSpaceJoinsATokensWords()
    {
        Assert.That(TextRules.Lowercase("  Some Text "), Is.EqualTo("xxbos some text"));
        Assert.That(TextRules.Lowercase("A", addBos: false, addEos: true), Is.EqualTo("a xxeos"));
        Assert.That(TextRules.ReplaceSpace("new york"), Is.EqualTo("new▁york"));
    }

    [Test]
    public void ACraftedTextFailsWithinTheTimeOutRatherThanHanging()
    {
        // Word repetition's backreferences on a long run of one word: it either finishes or times out, never hangs.
        var text = string.Join(' ', Enumerable.Repeat("ah", 20_000)) + " x";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try { Assert.That(TextRules.ReplaceWrep(text), Does.StartWith(" xxwrep 20000 ah")); }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException) { }
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(30));
    }
}
