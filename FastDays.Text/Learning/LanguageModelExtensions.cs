using FastDays.Learning;
using FastDays.Text.Callbacks;
using FastDays.Text.Data;
using FastDays.Text.Tokenization;
using static TorchSharp.torch;

namespace FastDays.Text.Learning;

/// <summary>Next-word generation from a language-model learner (fastai's LMLearner.predict).</summary>
public static class LanguageModelExtensions
{
    /// <summary>The text continued by nWords tokens, each drawn from the model's distribution of the next token (sharpened when temperature &lt; 1,
    /// tokens below minP left out, xxunk never drawn when noUnk), then decoded (special tokens undone, xxbos and xxpad dropped); seed makes the
    /// draws repeatable. The prompt is read once and each new token continues the carried state.</summary>
    public static string Predict(this Learner learn, string text, int nWords, bool noUnk = true, double temperature = 1, double? minP = null,
        int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(nWords);
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "a positive number");
        var block = learn.Dls.TextBlockOf();
        var num = block.Numericalizer;
        var ids = num.Encode(block.Tokens(text)).ToList();
        if (ids.Count == 0) throw new ArgumentException("the prompt has no tokens", nameof(text));
        var unk = num.Vocab.ToList().IndexOf(SpecialTokens.Unk);
        using var generator = seed is { } s ? new Generator((ulong)s) : null;
        using var noGrad = no_grad();
        var training = learn.Model.training;
        learn.Model.eval();
        (learn.Model as IResettable)?.Reset();
        try
        {
            var input = ids.Select(i => (long)i).ToArray();
            for (var n = 0; n < nWords; n++)
            {
                using var scope = NewDisposeScope();
                using var scalars = new ScalarScope();
                var x = tensor(input, [1, input.Length], device: learn.Device);
                var probs = learn.Model.forward(x)[0, -1].to_type(ScalarType.Float32).softmax(0);
                if (noUnk && unk >= 0) probs = probs.index_fill(0, tensor(new long[] { unk }, device: probs.device), scalars.Of(0.0f));
                if (minP is { } p) probs = probs.masked_fill(probs.lt(scalars.Of(p)), scalars.Of(0.0f));
                if (temperature != 1) probs = probs.pow(scalars.Of(1 / temperature));
                if (!(probs.sum().item<float>() > 0)) break;
                var next = (int)probs.multinomial(1, generator: generator).item<long>();
                ids.Add(next);
                input = [next];
            }
        }
        finally
        {
            (learn.Model as IResettable)?.Reset();
            if (training) learn.Model.train();
        }
        var tokens = num.Decode(ids).Where(t => t is not SpecialTokens.Bos and not SpecialTokens.Pad).ToList();
        return Tokenizer.Decode(SpecialTokens.DecodeSpec(tokens));
    }
}
