using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using static TorchSharp.torch;

namespace FastDays.Tests.Metrics;

/// <summary>Metrics computed over uneven batches (103 items in batches of 10) equal their value over the whole set at once.</summary>
public class MetricTests
{
    private static Learner Identity(Tensor x, Tensor y, LossFunction loss, IEnumerable<Metric> metrics, int bs)
    {
        var dls = DataLoaders.FromTensors(x, y, x, y, bs);
        var learn = new Learner(dls, nn.Identity(), loss, metrics: metrics);
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void ClassificationMetricsOverUnevenBatchesEqualTheWholeSetValue()
    {
        var gen = new Generator(7);
        var logits = randn([103, 5], generator: gen);
        var labels = randint(0, 5, [103], generator: gen);
        Metric[] Make() => [Metric.Accuracy(), Metric.ErrorRate(), Metric.TopKAccuracy(2), Metric.Precision(), Metric.Recall(), Metric.F1Score()];
        var batched = Identity(logits, labels, new CrossEntropyLossFlat(), Make(), bs: 10).Validate();
        var whole = Identity(logits, labels, new CrossEntropyLossFlat(), Make(), bs: 103).Validate();
        foreach (var (name, value) in whole) Assert.That(batched[name], Is.EqualTo(value).Within(name == "valid_loss" ? 1e-6 : 1e-12), name);

        // Independent whole-set values from tensor operations.
        var pred = logits.argmax(1);
        Assert.That(batched["accuracy"], Is.EqualTo(pred.eq(labels).to_type(ScalarType.Float64).mean().item<double>()).Within(1e-12));
        Assert.That(batched["error_rate"], Is.EqualTo(1 - batched["accuracy"]).Within(1e-12));
        var (precision, recall, f1) = (0.0, 0.0, 0.0);
        for (var c = 0; c < 5; c++)
        {
            var tp = (pred.eq(c) & labels.eq(c)).sum().item<long>();
            var predicted = pred.eq(c).sum().item<long>();
            var actual = labels.eq(c).sum().item<long>();
            var (p, r) = (predicted == 0 ? 0.0 : (double)tp / predicted, actual == 0 ? 0.0 : (double)tp / actual);
            (precision, recall, f1) = (precision + p / 5, recall + r / 5, f1 + (p + r == 0 ? 0 : 2 * p * r / (p + r)) / 5);
        }
        Assert.That(batched["precision"], Is.EqualTo(precision).Within(1e-12));
        Assert.That(batched["recall"], Is.EqualTo(recall).Within(1e-12));
        Assert.That(batched["f1_score"], Is.EqualTo(f1).Within(1e-12));
        var top2 = logits.topk(2, 1).indexes.eq(labels.unsqueeze(1)).any(1).to_type(ScalarType.Float64).mean().item<double>();
        Assert.That(batched["top_k_accuracy"], Is.EqualTo(top2).Within(1e-12));
        var ce = nn.functional.cross_entropy(logits, labels).item<float>();
        Assert.That(batched["valid_loss"], Is.EqualTo(ce).Within(1e-6), "the loss is weighted by batch size");
    }

    [Test]
    public void RegressionMetricsOverUnevenBatchesEqualTheWholeSetValue()
    {
        var gen = new Generator(3);
        var preds = randn([103], generator: gen, dtype: ScalarType.Float64);
        var targets = randn([103], generator: gen, dtype: ScalarType.Float64);
        var m = Identity(preds, targets, new MseLossFlat(), [Metric.Mse(), Metric.Rmse(), Metric.Mae()], bs: 10).Validate();
        var diff = preds - targets;
        var mse = diff.square().mean().item<double>();
        Assert.That(m["mse"], Is.EqualTo(mse).Within(1e-12));
        Assert.That(m["rmse"], Is.EqualTo(Math.Sqrt(mse)).Within(1e-12), "rmse is the root of the whole-set mean, not a mean of roots");
        Assert.That(m["mae"], Is.EqualTo(diff.abs().mean().item<double>()).Within(1e-12));
    }
}
