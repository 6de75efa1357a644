using System.Globalization;
using FastDays.Data;
using FastDays.Modules;
using FastDays.Text.Data;

namespace FastDays.Text.Models;

/// <summary>The ModelZoo specs of the text models (what an export records to rebuild them) and their registration with the TextBlock's.</summary>
public static class TextSpecs
{
    /// <summary>The architecture name of a TextClassifier.</summary>
    public const string ClassifierArch = "awd_lstm_classifier";

    /// <summary>The architecture name of a LanguageModel.</summary>
    public const string LanguageModelArch = "awd_lstm_lm";

    /// <summary>The spec of a text classifier: the vocabulary and class counts, the AWD-LSTM's sizes and dropouts, the windows and the head.</summary>
    public static ModelSpec Classifier(int vocabSz, int nClass, AwdLstmConfig config, int seqLen, int? maxLen, IReadOnlyList<int> linFtrs,
        IReadOnlyList<double> ps)
    {
        ArgumentNullException.ThrowIfNull(config);
        var args = ConfigArgs(vocabSz, config);
        args["n_class"] = I(nClass);
        args["seq_len"] = I(seqLen);
        args["max_len"] = maxLen is { } m ? I(m) : "";
        args["lin_ftrs"] = string.Join(',', linFtrs);
        args["ps"] = string.Join(',', ps.Select(D));
        return new ModelSpec(ClassifierArch, args);
    }

    /// <summary>The spec of a language model.</summary>
    public static ModelSpec LanguageModel(int vocabSz, AwdLstmConfig config) => new(LanguageModelArch, ConfigArgs(vocabSz, config));

    /// <summary>Registers both architectures in the ModelZoo and the TextBlock in DataSpecs (the module initializer calls it).</summary>
    public static void Register()
    {
        ModelZoo.Register(ClassifierArch, s =>
        {
            var maxLen = s.Get("max_len");
            return new TextClassifier(s.GetInt("vocab_sz"), s.GetInt("n_class"), Config(s), s.GetInt("seq_len"),
                maxLen.Length == 0 ? null : s.GetInt("max_len"),
                s.GetInts("lin_ftrs"), [.. s.Get("ps").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(P)]);
        }, Least);
        ModelZoo.Register(LanguageModelArch, s => new LanguageModel(s.GetInt("vocab_sz"), Config(s)), Least);
        DataSpecs.RegisterBlock(nameof(TextBlock), TextBlock.FromSpec);
    }

    // The embedding alone: vocabulary × embedding size.
    private static double Least(ModelSpec s) => (double)s.GetInt("vocab_sz") * s.GetInt("emb_sz");

    private static Dictionary<string, string> ConfigArgs(int vocabSz, AwdLstmConfig c) => new(StringComparer.Ordinal)
    {
        ["vocab_sz"] = I(vocabSz), ["emb_sz"] = I(c.EmbSz), ["n_hid"] = I(c.NHid), ["n_layers"] = I(c.NLayers), ["pad_token"] = I(c.PadToken),
        ["output_p"] = D(c.OutputP), ["hidden_p"] = D(c.HiddenP), ["input_p"] = D(c.InputP), ["embed_p"] = D(c.EmbedP), ["weight_p"] = D(c.WeightP),
        ["tie_weights"] = c.TieWeights ? "true" : "false", ["out_bias"] = c.OutBias ? "true" : "false",
    };

    private static AwdLstmConfig Config(ModelSpec s) => new()
    {
        EmbSz = s.GetInt("emb_sz"), NHid = s.GetInt("n_hid"), NLayers = s.GetInt("n_layers"), PadToken = s.GetInt("pad_token"),
        OutputP = P(s.Get("output_p")), HiddenP = P(s.Get("hidden_p")), InputP = P(s.Get("input_p")), EmbedP = P(s.Get("embed_p")),
        WeightP = P(s.Get("weight_p")), TieWeights = s.Get("tie_weights") == "true", OutBias = s.Get("out_bias") == "true",
    };

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double P(string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and < 1 ? p
        : throw new FormatException($"a text model's dropout '{v}' is not a probability in [0, 1)");
}
