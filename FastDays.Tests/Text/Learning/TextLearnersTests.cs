using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Text.Data;
using FastDays.Text.Learning;
using FastDays.Text.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Learning;

public sealed class TextLearnersTests
{
    private static readonly AwdLstmConfig Small = AwdLstmConfig.Lm with { EmbSz = 16, NHid = 32, NLayers = 2 };
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("fastdays-textlearn-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // Sentences in which each word decides the next: a language model can learn them well.
    private static List<string> Cycles(int count, string[] words) =>
        [.. Enumerable.Range(0, count).Select(i => string.Join(" ", Enumerable.Range(i % words.Length, 12).Select(k => words[k % words.Length])) + ".")];

    private static readonly string[] Words = ["one", "two", "three", "four", "five", "six", "seven"];

    private static (int[], int[]) Split(int n) => ([.. Enumerable.Range(0, n).Where(i => i % 5 != 0)], [.. Enumerable.Range(0, n).Where(i => i % 5 == 0)]);

    [Test]
    public void ALanguageModelLearnsAPredictableTextAndGeneratesFromIt()
    {
        manual_seed(11);
        var texts = Cycles(200, Words);
        var dls = TextDataLoaders.FromTexts(texts, null, Split(texts.Count),
            new TextDataOptions { Bs = 8, SeqLen = 12, IsLm = true, MinFreq = 1, Prefetch = 0 });
        var learn = TextLearners.LanguageModelLearner(dls, Small, metrics: [Metric.Accuracy(), Metric.Perplexity()], path: _dir);
        learn.FitOneCycle(6, 3e-2);
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.8), "each word decides the next");
        Assert.That(learn.Recorder.Last("perplexity"), Is.LessThan(2.5));
        var text = learn.Predict("two three", 5, temperature: 0.1, seed: 1);
        Assert.That(text, Does.StartWith("two three four five six seven"), text);
        Assert.That(learn.Predict("two three", 5, seed: 7), Is.EqualTo(learn.Predict("two three", 5, seed: 7)), "a seed repeats the draws");
        learn.Model.Dispose();
    }

    [Test]
    public void TheEncoderMovesFromLanguageModelToClassifierAndAWrongVocabularyIsRefused()
    {
        manual_seed(12);
        var good = Cycles(60, ["tasty", "fresh", "lovely", "good"]);
        var bad = Cycles(60, ["stale", "awful", "broken", "bad"]);
        List<string> texts = [.. good, .. bad];
        List<string> labels = [.. good.Select(_ => "great"), .. bad.Select(_ => "other")];
        var options = new TextDataOptions { Bs = 8, SeqLen = 8, MinFreq = 1, Prefetch = 0 };
        var lmDls = TextDataLoaders.FromTexts(texts, null, Split(texts.Count), options with { IsLm = true });
        var lm = TextLearners.LanguageModelLearner(lmDls, Small, path: _dir);
        lm.FitOneCycle(1, 1e-2);
        lm.SaveEncoder("enc");
        var dls = TextDataLoaders.FromTexts(texts, labels, Split(texts.Count), options with { Vocab = lmDls.TextBlockOf().Vocab });
        var clas = TextLearners.TextClassifierLearner(dls, AwdLstmConfig.Clas with { EmbSz = 16, NHid = 32, NLayers = 2 }, seqLen: 8,
            metrics: [Metric.Accuracy()], path: _dir);
        clas.LoadEncoder("enc");
        var lmWeights = TextLearners.EncoderOf(lm.Model).state_dict();
        var clasWeights = TextLearners.EncoderOf(clas.Model).state_dict();
        Assert.That(lmWeights.Keys, Is.EquivalentTo(clasWeights.Keys));
        foreach (var (k, v) in lmWeights) Assert.That(clasWeights[k].eq(v).all().item<bool>(), Is.True, k);
        clas.Freeze();
        Assert.That(clas.Opt!.ParamGroups, Has.Count.EqualTo(4), "embedding, two LSTM layers, head");
        clas.FitOneCycle(1, 1e-2);
        foreach (var (k, v) in lmWeights) Assert.That(clasWeights[k].eq(v).all().item<bool>(), Is.True, $"{k} is frozen");
        clas.Unfreeze();
        clas.FitOneCycle(3, new FastDays.Optimizers.Slice(1e-3, 1e-2));
        Assert.That(clas.Recorder.Last("accuracy"), Is.GreaterThan(0.9));
        var (preds, targets) = clas.GetPreds();
        var block = (FastDays.Data.CategoryBlock)dls.Blocks[1];
        var expected = Split(texts.Count).Item2.Select(i => (long)block.Vocab.ToList().IndexOf(labels[i])).ToArray();
        Assert.That(targets.data<long>().ToArray(), Is.EqualTo(expected), "predictions come back in the items' order, not the sorted loader's");
        Assert.That(clas.Predict(good[0]).Text, Is.EqualTo("great"));

        // The export predicts the same through LoadLearner.
        var export = clas.Export(Path.Combine(_dir, "text.fastdays"));
        var inference = ExportExtensions.LoadLearner(export);
        var again = inference.PredictTexts([good[0], bad[0]]);
        Assert.That(again.Select(p => p.Text), Is.EqualTo(new[] { "great", "other" }));
        Assert.That(again[1].Outputs, Is.EqualTo(clas.Predict(bad[0]).Outputs).Within(1e-5));
        inference.Model.Dispose();

        // Loaders with a vocabulary of their own do not fit the saved encoder.
        var other = TextDataLoaders.FromTexts([.. texts.Select(t => "Fine, " + t)], labels, Split(texts.Count), options);
        var wrong = TextLearners.TextClassifierLearner(other, AwdLstmConfig.Clas with { EmbSz = 16, NHid = 32, NLayers = 2 }, path: _dir);
        var e = Assert.Throws<InvalidDataException>(() => wrong.LoadEncoder("enc"));
        Assert.That(e!.Message, Does.Contain("enc.safetensors").And.Contain("vocabulary"));
        foreach (var m in new[] { lm.Model, clas.Model, wrong.Model }) m.Dispose();
    }

    [Test]
    public void APretrainedModelFollowsItsTokensIntoANewVocabularyAndNewTokensStartFromTheMean()
    {
        manual_seed(13);
        var options = new TextDataOptions { Bs = 4, SeqLen = 8, MinFreq = 1, IsLm = true, Prefetch = 0 };
        var oldTexts = Cycles(40, ["alpha", "beta", "gamma", "delta"]);
        var oldDls = TextDataLoaders.FromTexts(oldTexts, null, Split(oldTexts.Count), options);
        var old = TextLearners.LanguageModelLearner(oldDls, Small, path: _dir);
        old.SavePretrained("old");
        var newTexts = Cycles(40, ["gamma", "omega", "alpha", "zeta", "zeta"]);
        var newDls = TextDataLoaders.FromTexts(newTexts, null, Split(newTexts.Count), options);
        var learn = TextLearners.LanguageModelLearner(newDls, Small, path: _dir);
        var known = learn.LoadPretrained("old");
        var (oldVocab, newVocab) = (oldDls.TextBlockOf().Vocab.ToList(), newDls.TextBlockOf().Vocab.ToList());
        Assert.That(known, Is.EqualTo(newVocab.Count(oldVocab.Contains)));
        var oldEmb = ((LanguageModel)old.Model).Encoder.Encoder.weight!;
        var newEmb = ((LanguageModel)learn.Model).Encoder.Encoder.weight!;
        Assert.That(newEmb[newVocab.IndexOf("gamma")].allclose(oldEmb[oldVocab.IndexOf("gamma")]), Is.True);
        Assert.That(newEmb[newVocab.IndexOf("omega")].allclose(oldEmb.mean([0])), Is.True, "a new token starts from the mean");
        Assert.That(((LanguageModel)learn.Model).Decoder.Weight[newVocab.IndexOf("alpha")].allclose(oldEmb[oldVocab.IndexOf("alpha")]), Is.True);
        old.Model.Dispose();
        learn.Model.Dispose();
    }
}
