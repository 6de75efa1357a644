using FastDays.Text.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Models;

public sealed class AwdLstmTests
{
    private static readonly AwdLstmConfig Small = AwdLstmConfig.Lm with { EmbSz = 8, NHid = 12, NLayers = 2 };

    [Test]
    public void TheStateCarriesFromBatchToBatchUntilReset()
    {
        manual_seed(3);
        using var model = new AwdLstm(20, Small);
        model.eval();
        using var x = randint(0, 20, [2, 5]);
        using var first = model.forward(x);
        using var second = model.forward(x);
        Assert.That(first.allclose(second), Is.False, "the second batch continues from the first's state");
        model.Reset();
        using var again = model.forward(x);
        Assert.That(again.eq(first).all().item<bool>(), Is.True);
        Assert.That(first.shape, Is.EqualTo(new long[] { 2, 5, 8 }), "the last layer gives embSz features, for weight tying");
    }

    [Test]
    public void EmbeddingDropoutDropsWholeWordsAndRnnDropoutTheSameFeatureAtEveryStep()
    {
        manual_seed(4);
        using var emb = nn.Embedding(50, 6);
        using var drop = new EmbeddingDropout(emb, 0.5);
        drop.train();
        using var words = tensor(new long[] { 3, 7, 3, 9, 7, 3 }).view(2, 3);
        using var out_ = drop.forward(words);
        using var plain = emb.forward(words);
        // Each word is dropped or kept (×2) in every place it occurs.
        foreach (var w in new long[] { 3, 7, 9 })
        {
            var places = Enumerable.Range(0, 6).Where(i => words.view(-1)[i].item<long>() == w).ToList();
            var scales = places.Select(i => (out_.view(-1, 6)[i].abs().sum().item<float>(), plain.view(-1, 6)[i].abs().sum().item<float>()))
                .Select(p => Math.Round(p.Item1 / p.Item2, 3)).Distinct().ToList();
            Assert.That(scales, Has.Count.EqualTo(1).And.Some.AnyOf(0.0, 2.0), $"word {w}");
        }
        using var rnnDrop = new RnnDropout(0.5);
        rnnDrop.train();
        using var ones_ = ones(3, 10, 4);
        using var dropped = rnnDrop.forward(ones_);
        Assert.That(dropped.eq(dropped[.., 0..1, ..]).all().item<bool>(), Is.True, "one mask for the whole sequence");
        rnnDrop.eval();
        using var same = rnnDrop.forward(ones_);
        Assert.That(same.eq(ones_).all().item<bool>(), Is.True);
    }

    [Test]
    public void TheDecoderSharesTheEmbeddingAndTheSplitHoldsEachParameterOnce()
    {
        using var lm = new LanguageModel(30, Small);
        using (no_grad()) lm.Encoder.Encoder.weight!.fill_(0.25);
        Assert.That(lm.Decoder.Weight.eq(0.25).all().item<bool>(), Is.True, "weight tying: one matrix");
        var groups = FastDays.Text.Learning.TextLearners.AwdLstmLmSplit(lm);
        Assert.That(groups, Has.Count.EqualTo(3), "one group per LSTM layer, then the embedding and decoder");
        // Layer 1 (8 → 12): 48×8 + 48×12 + 2×48; layer 2 (12 → 8): 32×12 + 32×8 + 2×32; the embedding 30×8 and the decoder's bias 30, once each.
        Assert.That(groups.SelectMany(g => g).Sum(p => p.numel()), Is.EqualTo(1056 + 704 + 240 + 30));
    }
}
