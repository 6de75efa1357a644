namespace FastDays.Text.Tokenization;

/// <summary>Splits a text (after the rules) into tokens: what fastai's tok argument is (SpacyTokenizer, BaseTokenizer, a subword tokenizer).</summary>
public interface IWordTokenizer
{
    /// <summary>The tokens of one text.</summary>
    IReadOnlyList<string> Split(string text);
}
