using FastDays.Data;
using FastDays.Interop;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using FastDays.Text.Callbacks;
using FastDays.Text.Data;
using FastDays.Text.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Learning;

/// <summary>fastai's language_model_learner and text_classifier_learner on an AWD-LSTM, with what fastai's TextLearner brings (ModelResetter,
/// RNNRegularizer, momentums 0.8–0.7–0.8), the parameter groups of ULMFiT's gradual unfreezing, and the encoder saved from a language model and
/// loaded into a classifier.</summary>
public static class TextLearners
{
    /// <summary>A language-model learner over loaders made with IsLm: an AWD-LSTM with config's sizes (fastai's awd_lstm_lm_config when null) and
    /// dropouts scaled by dropMult, cross-entropy over the next token, the splitter AwdLstmLmSplit, AR alpha and TAR beta.</summary>
    public static Learner LanguageModelLearner(DataLoaders dls, AwdLstmConfig? config = null, double dropMult = 1, IEnumerable<Metric>? metrics = null,
        double alpha = 2, double beta = 1, OptimizerFactory? optFunc = null, double lr = 1e-3, string path = ".", Device? device = null,
        IEnumerable<Callback>? cbs = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var vocab = dls.TextBlockOf().Vocab;
        if (vocab.Count == 0) throw new InvalidOperationException("the loaders' TextBlock has no vocabulary");
        var c = (config ?? AwdLstmConfig.Lm).WithDropMult(dropMult);
        var learn = TextLearner(dls, new LanguageModel(vocab.Count, c), AwdLstmLmSplit, alpha, beta, metrics, optFunc, lr, path, device, cbs);
        learn.Spec = TextSpecs.LanguageModel(vocab.Count, c);
        return learn;
    }

    /// <summary>A classifier learner over loaders of labelled texts: an AWD-LSTM (fastai's awd_lstm_clas_config when null, dropouts scaled by
    /// dropMult) read seqLen tokens at a time by a SentenceEncoder keeping the last maxLen, and a concat-pooling head with hidden layers linFtrs;
    /// the splitter AwdLstmClasSplit. Load a fine-tuned language model's encoder with LoadEncoder, then Freeze, as the book does.</summary>
    public static Learner TextClassifierLearner(DataLoaders dls, AwdLstmConfig? config = null, double dropMult = 0.5, int seqLen = 72,
        int? maxLen = 72 * 20, IReadOnlyList<int>? linFtrs = null, IReadOnlyList<double>? ps = null, IEnumerable<Metric>? metrics = null,
        double alpha = 2, double beta = 1, OptimizerFactory? optFunc = null, double lr = 1e-3, string path = ".", Device? device = null,
        IEnumerable<Callback>? cbs = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var vocab = dls.TextBlockOf().Vocab;
        if (dls.C < 1) throw new InvalidOperationException("the loaders have no classes: build them with labels");
        var c = (config ?? AwdLstmConfig.Clas).WithDropMult(dropMult);
        IReadOnlyList<int> hidden = linFtrs ?? [50];
        IReadOnlyList<double> drops = ps ?? [.. hidden.Select(_ => 0.1)];
        var model = new TextClassifier(vocab.Count, dls.C, c, seqLen, maxLen, hidden, drops);
        var learn = TextLearner(dls, model, AwdLstmClasSplit, alpha, beta, metrics, optFunc, lr, path, device, cbs);
        learn.Spec = TextSpecs.Classifier(vocab.Count, dls.C, c, seqLen, maxLen, hidden, drops);
        return learn;
    }

    private static Learner TextLearner(DataLoaders dls, nn.Module<Tensor, Tensor> model,
        Func<nn.Module<Tensor, Tensor>, IReadOnlyList<IReadOnlyList<Parameter>>> splitter, double alpha, double beta, IEnumerable<Metric>? metrics,
        OptimizerFactory? optFunc, double lr, string path, Device? device, IEnumerable<Callback>? cbs) =>
        new(dls, model, dls.LossFunc ?? new CrossEntropyLossFlat(), optFunc, lr, splitter, [new ModelResetter(), new RnnRegularizer(alpha, beta), .. cbs ?? []],
            metrics, path, device)
        { Moms = (0.8, 0.7, 0.8) };

    /// <summary>fastai's awd_lstm_lm_split: one group per LSTM layer, then the embedding with the (tied) decoder.</summary>
    public static IReadOnlyList<IReadOnlyList<Parameter>> AwdLstmLmSplit(nn.Module<Tensor, Tensor> model)
    {
        var lm = model as LanguageModel ?? throw new ArgumentException($"AwdLstmLmSplit splits a LanguageModel, not a {model?.GetType().Name}");
        return [.. lm.Encoder.Rnns.Select(r => Distinct(r.parameters())), Distinct(lm.Encoder.Encoder.parameters().Concat(lm.Decoder.parameters()))];
    }

    /// <summary>fastai's awd_lstm_clas_split: the embedding, one group per LSTM layer, then the head.</summary>
    public static IReadOnlyList<IReadOnlyList<Parameter>> AwdLstmClasSplit(nn.Module<Tensor, Tensor> model)
    {
        var clas = model as TextClassifier ?? throw new ArgumentException($"AwdLstmClasSplit splits a TextClassifier, not a {model?.GetType().Name}");
        var awd = clas.Encoder.Module;
        return [Distinct(awd.Encoder.parameters()), .. awd.Rnns.Select(r => Distinct(r.parameters())), Distinct(clas.Head.parameters())];
    }

    // Tied weights appear under two names in a module's parameters; a group holds each once.
    private static Parameter[] Distinct(IEnumerable<Parameter> ps) => [.. FastDays.Modules.SharedParameters.Distinct([ps])[0]];

    /// <summary>The AWD-LSTM of a language model or a text classifier.</summary>
    public static AwdLstm EncoderOf(nn.Module model) => model switch
    {
        LanguageModel lm => lm.Encoder,
        TextClassifier clas => clas.Encoder.Module,
        _ => throw new ArgumentException($"a {model?.GetType().Name} has no AWD-LSTM encoder"),
    };

    /// <summary>Saves the AWD-LSTM encoder (fastai's save_encoder) to Path/models/name.safetensors with the vocabulary it was trained on, and
    /// returns the file.</summary>
    public static string SaveEncoder(this Learner learn, string name)
    {
        ArgumentNullException.ThrowIfNull(learn);
        var file = EncoderPath(learn, name);
        EncoderOf(learn.Model).SaveSafeTensors(file, VocabMeta(learn));
        return file;
    }

    /// <summary>Loads an encoder saved by SaveEncoder into this learner's AWD-LSTM (fastai's load_encoder); a vocabulary or a size that differs
    /// is an error naming the file.</summary>
    public static Learner LoadEncoder(this Learner learn, string name)
    {
        ArgumentNullException.ThrowIfNull(learn);
        var file = EncoderPath(learn, name);
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such encoder (SaveEncoder writes it)", file);
        var saved = ReadVocab(file);
        var vocab = learn.Dls.TextBlockOf().Vocab;
        if (saved is not null && !saved.SequenceEqual(vocab))
        {
            var first = Enumerable.Range(0, Math.Min(saved.Length, vocab.Count)).FirstOrDefault(i => saved[i] != vocab[i], Math.Min(saved.Length, vocab.Count));
            throw new InvalidDataException($"{file}: the encoder was trained on a vocabulary of {saved.Length} tokens, these loaders have {vocab.Count} " +
                $"(first difference at index {first}); build the loaders with Vocab = the language model's vocabulary");
        }
        EncoderOf(learn.Model).LoadPyTorchWeights(file);
        return learn;
    }

    /// <summary>Saves a language model whole — encoder and decoder — with its vocabulary to Path/models/name.safetensors, what LoadPretrained reads
    /// into a language model over another vocabulary (fastai's pretrained weights and vocabulary pair); returns the file.</summary>
    public static string SavePretrained(this Learner learn, string name)
    {
        ArgumentNullException.ThrowIfNull(learn);
        if (learn.Model is not LanguageModel lm)
            throw new InvalidOperationException($"SavePretrained saves a LanguageModel, not a {learn.Model.GetType().Name}");
        var file = EncoderPath(learn, name);
        lm.SaveSafeTensors(file, VocabMeta(learn));
        return file;
    }

    /// <summary>Loads a language model saved by SavePretrained into this one (fastai's load_pretrained): rows of the embedding, the tied decoder
    /// and its bias follow the tokens into this vocabulary's order (fastai's match_embeds), a token the old vocabulary lacks starting from their mean;
    /// returns how many of this vocabulary's tokens the old one had.</summary>
    public static int LoadPretrained(this Learner learn, string name)
    {
        ArgumentNullException.ThrowIfNull(learn);
        if (learn.Model is not LanguageModel lm)
            throw new InvalidOperationException($"LoadPretrained loads a LanguageModel, not a {learn.Model.GetType().Name}");
        var file = EncoderPath(learn, name);
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such pretrained language model (SavePretrained writes it)", file);
        var oldVocab = ReadVocab(file)
            ?? throw new InvalidDataException($"{file}: no vocabulary in its metadata (not written by SavePretrained)");
        var weights = SafeTensors.Read(file);
        try
        {
            const string Emb = "encoder.encoder.weight", EmbDp = "encoder.encoder_dp.emb.weight", Dec = "decoder.decoder.weight";
            const string Bias = "decoder.bias";
            if (!weights.TryGetValue(Emb, out var emb) || emb.dim() != 2 || emb.shape[0] != oldVocab.Length)
                throw new InvalidDataException($"{file}: no {Emb} of {oldVocab.Length} rows to match its vocabulary");
            var vocab = learn.Dls.TextBlockOf().Vocab;
            var oldIndex = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < oldVocab.Length; i++) oldIndex.TryAdd(oldVocab[i], i);
            var rows = vocab.Select(w => oldIndex.GetValueOrDefault(w, -1)).ToArray();
            using var scope = NewDisposeScope();
            Tensor Match(Tensor old)
            {
                var withMean = cat([old, old.mean([0], keepdim: true)], 0);   // row oldVocab.Length: the mean, for new tokens
                return withMean.index_select(0, tensor(Array.ConvertAll(rows, r => r < 0 ? oldVocab.Length : r)));
            }
            var matched = new Dictionary<string, Tensor>(weights, StringComparer.Ordinal) { [Emb] = Match(emb) };
            foreach (var shared in new[] { Dec, EmbDp }.Where(weights.ContainsKey)) matched[shared] = matched[Emb];
            foreach (var b in new[] { Bias, "decoder.decoder.bias" })
                if (weights.TryGetValue(b, out var bias)) matched[b] = Match(bias.unsqueeze(1)).squeeze(1);
            CheckpointExtensions.LoadStateInto(lm, matched, file);
            return rows.Count(r => r >= 0);
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
    }

    // The vocabulary travels in the file's metadata as a JSON array (a token may hold any character).
    private static Dictionary<string, string> VocabMeta(Learner learn) =>
        new() { ["vocab"] = System.Text.Json.JsonSerializer.Serialize(learn.Dls.TextBlockOf().Vocab.ToArray()) };

    private static string[]? ReadVocab(string file)
    {
        if (SafeTensors.ReadMetadata(file).GetValueOrDefault("vocab") is not { } json) return null;
        try { return System.Text.Json.JsonSerializer.Deserialize<string[]>(json); }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{file}: the vocabulary in its metadata is not a JSON list ({e.Message})", e);
        }
    }

    private static string EncoderPath(Learner learn, string name) => learn.ModelsFile(name, ".safetensors");
}
