using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FastDays.Examples.Text;
using FastDays.Text.Data;
using FastDays.Text.Learning;
using FastDays.Text.Models;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 10, ULMFiT: a language model pretrained on a large corpus, fine-tuned on the texts of the task, and its encoder turned
/// into a classifier by gradual unfreezing — beside the same classifier trained from scratch and a TF-IDF + logistic regression baseline.</summary>
internal sealed class TextCommand : ExampleCommand<TextOptions>
{
    /// <inheritdoc />
    public override string Name => "text";

    /// <inheritdoc />
    public override string Summary => "Chapter 10: ULMFiT — pretrain and fine-tune an AWD-LSTM language model, then classify texts";

    /// <inheritdoc />
    public override int Run(TextOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        var models = Path.Combine(o.Out, "models");
        Directory.CreateDirectory(models);
        var config = AwdLstmConfig.Lm with { EmbSz = o.EmbSz, NHid = o.NHid, NLayers = o.NLayers };
        var results = new List<(string What, string Value)>();

        // 1. The data: a folder in the IMDb layout (the reviews written from Debian's R package when --data auto).
        var auto = o.Data == "auto";
        var folder = auto ? DebianText.FoodsFolder(Path.Combine(o.Out, "data")) : o.Data;
        var unsup = Directory.Exists(Path.Combine(folder, "unsup")) ? new[] { "unsup" } : [];
        var lmOptions = new TextDataOptions { Bs = o.Bs, SeqLen = o.SeqLen, IsLm = true, Seed = o.Seed, MaxVocab = o.MaxVocab };
        // The language model reads every text of the task (labels unused, validation texts included, as the book does with IMDb's), 10% held out.
        var dlsLm = TextDataLoaders.FromFolder(folder, "train", o.Valid, validPct: 0.1, unlabelled: unsup, options: lmOptions);
        var vocab = dlsLm.TextBlockOf().Vocab;
        Console.WriteLine($"{folder}: a vocabulary of {vocab.Count:N0} tokens; language-model batches of {o.Bs} × {o.SeqLen}: " +
            $"{dlsLm.Train.Count} to train, {dlsLm.Valid.Count} to validate");

        // 2. Pretraining (the book starts from a model pretrained on Wikipedia; here, on Austen's novels).
        string? pretrained = null;
        if (auto && o.PretrainEpochs > 0)
        {
            var chapters = DebianText.AustenChapters(Path.Combine(o.Out, "data"));
            var split = Splitters.RandomSplit(chapters.Count, 0.1, o.Seed);
            var dlsAusten = TextDataLoaders.FromTexts([.. chapters.Select(c => c.Text)], null, split, lmOptions);
            Console.WriteLine($"\nPretraining on Austen's novels: {chapters.Count} chapters, a vocabulary of {dlsAusten.TextBlockOf().Vocab.Count:N0}, " +
                $"{dlsAusten.Train.Count} batches an epoch");
            manual_seed(o.Seed);
            var austen = TextLearners.LanguageModelLearner(dlsAusten, config, metrics: [Metric.Accuracy(), Metric.Perplexity()], path: o.Out, device: device);
            var clock = Stopwatch.StartNew();
            austen.FitOneCycle(o.PretrainEpochs, 5e-3);
            Speed("pretraining", austen, dlsAusten, o.PretrainEpochs, clock.Elapsed);
            pretrained = austen.SavePretrained("austen");
            results.Add(("Austen language model: validation perplexity", F(austen.Recorder.Last("perplexity"))));
            austen.Model.Dispose();
        }

        // 3. Fine-tuning the language model on the task's texts: first the embeddings and decoder only (new words start from the mean), then all.
        manual_seed(o.Seed);
        var lm = TextLearners.LanguageModelLearner(dlsLm, config, metrics: [Metric.Accuracy(), Metric.Perplexity()], path: o.Out, device: device);
        if (pretrained is not null)
        {
            var known = lm.LoadPretrained("austen");
            var before = lm.Validate();
            Console.WriteLine($"\nFine-tuning: {known:N0} of the {vocab.Count:N0} tokens were in Austen's vocabulary; perplexity before fine-tuning " +
                $"{F(before["perplexity"])}, accuracy {F(before["accuracy"])}");
            results.Add(("pretrained language model on the texts, before fine-tuning: perplexity", F(before["perplexity"])));
            lm.Freeze();
            lm.FitOneCycle(1, 2e-2);
            lm.Unfreeze();
        }
        else Console.WriteLine("\nTraining the language model on the texts from random weights");
        var lmClock = Stopwatch.StartNew();
        if (o.LmEpochs > 0) lm.FitOneCycle(o.LmEpochs, o.LmLr);
        Speed("fine-tuning", lm, dlsLm, o.LmEpochs, lmClock.Elapsed);
        results.Add(("fine-tuned language model: perplexity", F(lm.Recorder.Last("perplexity"))));
        results.Add(("fine-tuned language model: next-word accuracy", F(lm.Recorder.Last("accuracy"))));
        var sample = lm.Predict("I liked this because", 30, temperature: 0.75, seed: o.Seed);
        Console.WriteLine($"generated: {sample}");
        lm.SaveEncoder("finetuned");
        lm.Model.Dispose();

        // 4. The classifier on the fine-tuned encoder, unfrozen a layer group at a time with discriminative learning rates (the book's schedule).
        var clasOptions = new TextDataOptions { Bs = o.Bs, SeqLen = o.SeqLen, Seed = o.Seed, Vocab = vocab };
        var dlsClas = TextDataLoaders.FromFolder(folder, "train", o.Valid, options: clasOptions);
        Console.WriteLine($"\nClassifier: {dlsClas.Train.Dataset.Count:N0} training and {dlsClas.Valid.Dataset.Count:N0} validation texts, classes " +
            string.Join(", ", dlsClas.Vocab));
        var clasConfig = AwdLstmConfig.Clas with { EmbSz = o.EmbSz, NHid = o.NHid, NLayers = o.NLayers };
        manual_seed(o.Seed);
        var clas = TextLearners.TextClassifierLearner(dlsClas, clasConfig, metrics: [Metric.Accuracy()], path: o.Out, device: device);
        clas.LoadEncoder("finetuned");
        clas.Freeze();
        clas.FitOneCycle(1, 2e-2);
        clas.FreezeTo(-2);
        clas.FitOneCycle(1, new FastDays.Optimizers.Slice(1e-2 / Math.Pow(2.6, 4), 1e-2));
        clas.FreezeTo(-3);
        clas.FitOneCycle(1, new FastDays.Optimizers.Slice(5e-3 / Math.Pow(2.6, 4), 5e-3));
        clas.Unfreeze();
        clas.FitOneCycle(o.ClasEpochs, new FastDays.Optimizers.Slice(1e-3 / Math.Pow(2.6, 4), 1e-3));
        var fineTuned = clas.Recorder.Last("accuracy");
        results.Add(("classifier on the fine-tuned encoder, gradual unfreezing (the book's schedule): accuracy", F(fineTuned)));
        var review = "This coffee is wonderful, rich and smooth. I will buy it again!";
        var p = clas.Predict(review);
        Console.WriteLine($"predict \"{review}\": {p.Text} ({p.Outputs.Max():P1})");
        var export = clas.Export(Path.Combine(o.Out, "text.fastdays"));
        Console.WriteLine($"export: {export}");
        clas.Model.Dispose();

        // 5. The same classifier with one schedule for every layer at once (as many epochs, lr 5e-3), once from the fine-tuned encoder and once from
        //    random weights: the same recipe, so the difference is what the language model brings. (A small encoder pretrained on little text
        //    needs its lower layers to move more than the book's discriminative rates, tuned for a Wikipedia model, let them.)
        (string What, string? Encoder)[] runs =
            [("classifier on the fine-tuned encoder, every layer at once", "finetuned"), ("the same classifier from scratch", null)];
        foreach (var (what, encoder) in runs)
        {
            manual_seed(o.Seed);
            var learn = TextLearners.TextClassifierLearner(dlsClas, clasConfig, metrics: [Metric.Accuracy()], path: o.Out, device: device);
            if (encoder is not null) learn.LoadEncoder(encoder);
            learn.FitOneCycle(3 + o.ClasEpochs, 5e-3);
            results.Add(($"{what}: accuracy", F(learn.Recorder.Last("accuracy"))));
            learn.Model.Dispose();
        }

        // 6. A bag of words: TF-IDF and logistic regression (scikit-learn) on the same folders.
        results.AddRange(Baseline(folder, o.Valid));

        Console.WriteLine("\n| result | value |\n|---|---:|");
        foreach (var (what, value) in results) Console.WriteLine($"| {what} | {value} |");
        return 0;
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static void Speed(string what, Learner learn, DataLoaders dls, int epochs, TimeSpan elapsed)
    {
        if (epochs == 0) return;
        var tokens = (double)dls.Train.Count * dls.Train.Options.BatchSize * ((LmDataset)dls.Train.Dataset).SeqLen * epochs;
        var perplexity = learn.Recorder.Last("perplexity");
        Console.WriteLine(FormattableString.Invariant(
            $"{what}: {tokens / elapsed.TotalSeconds:N0} tokens/s over {epochs} epoch(s) ({elapsed.TotalSeconds:F0} s, validation included), ") +
            FormattableString.Invariant($"perplexity {perplexity:F2}"));
    }

    private static List<(string, string)> Baseline(string folder, string valid)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "text_baselines.py");
        if (!DebianPython.Exists || !File.Exists(script)) return [("TF-IDF + logistic regression", "skipped: /usr/bin/python3 with python3-sklearn is needed")];
        var (code, output, error) = DebianPython.Run(script, folder, "train", valid);
        if (code != 0) return [("TF-IDF + logistic regression", $"failed: {error.Trim().Split('\n')[^1]}")];
        using var json = JsonDocument.Parse(output);
        return [("TF-IDF + logistic regression (scikit-learn): accuracy", F(json.RootElement.GetProperty("accuracy").GetDouble()))];
    }
}
