using FastDays.Text.Tokenization;

namespace FastDays.Tests.Text.Tokenization;

/// <summary>The tokenizer on the book's chapter 10 examples (fastai with spaCy printed these tokens).</summary>
public sealed class TokenizerTests
{
    [Test]
    public void TheWordTokenizerSplitsAsSpacyDoesOnTheBooksSentence() =>
        Assert.That(new WordTokenizer().Split("The U.S. dollar $1 is $1.00."),
            Is.EqualTo(new[] { "The", "U.S.", "dollar", "$", "1", "is", "$", "1.00", "." }));

    [Test]
    public void TheRulesAndTheTokenizerGiveTheBooksTokens()
    {
        var tkn = new Tokenizer();
        Assert.That(Tokenizer.Decode(tkn.Encode("© Fast.ai www.fast.ai/INDEX")), Is.EqualTo("xxbos © xxmaj fast.ai xxrep 3 w .fast.ai / xxup index"));
        const string review = "This movie, which I just discovered at the video store, has apparently sit around for a couple of years without a " +
            "distributor. It's easy to see why.";
        Assert.That(Tokenizer.Decode(tkn.Encode(review)), Is.EqualTo("xxbos xxmaj this movie , which i just discovered at the video store , has " +
            "apparently sit around for a couple of years without a distributor . xxmaj it 's easy to see why ."));
    }

    [Test]
    public void ContractionsPunctuationAndLineBreaksSplitAsSpacySplitsThem()
    {
        var tok = new WordTokenizer();
        Assert.That(tok.Split("I don't know (really) -- well-known, \"quoted\"!"),
            Is.EqualTo(new[] { "I", "do", "n't", "know", "(", "really", ")", "--", "well", "-", "known", ",", "\"", "quoted", "\"", "!" }));
        Assert.That(tok.Split("xxbos line\nnext xxmaj Mr. Smith's"), Is.EqualTo(new[] { "xxbos", "line", "\n", "next", "xxmaj", "Mr.", "Smith", "'s" }));
    }

    [Test]
    public void TextsAreTokenizedInParallelInTheirOrder()
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"Text number {i}.").ToList();
        var tkn = new Tokenizer();
        var tokens = tkn.TokenizeTexts(texts);
        Assert.That(tokens, Is.EqualTo(texts.Select(tkn.Encode)), "what one text at a time gives, in order");
        Assert.That(tokens[42], Is.EqualTo(new[] { "xxbos", "xxmaj", "text", "number", "42", "." }));
    }

    [Test]
    public void GeneratedTokensDecodeBackToTextAsFastaisDecodeSpecTokens()
    {
        var tokens = new Tokenizer().Encode("Hello WORLD, this is sooooo good good good!");
        Assert.That(Tokenizer.Decode(SpecialTokens.DecodeSpec(tokens)), Is.EqualTo("xxbos Hello WORLD , this is s ooooo good good good !"),
            "fastai splits s xxrep 5 o, and joins tokens with spaces");
        Assert.That(SpecialTokens.DecodeSpec(["xxrep", "99999999", "a", "xxmaj"]), Is.EqualTo(new[] { "xxrep", "99999999", "a", "xxmaj" }),
            "a repetition too long to be real, or a rule token at the end, stays as it is");
    }
}
