using System.Text.Json;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Metrics;

/// <summary>fastai's scikit-learn-backed metrics, accumulated over uneven batches (as a validation pass does), against scikit-learn 1.2 (Debian's
/// python3-sklearn) on the same predictions.</summary>
[NeedsPyTorch]
[NonParallelizable]
public sealed class SklearnMetricTests
{
    // A validation pass of an identity model over the given outputs and targets, in batches of 10: each metric's value by name.
    private static IReadOnlyDictionary<string, double> Validate(Tensor outputs, Tensor targets, LossFunction loss, params Metric[] metrics)
    {
        var dls = DataLoaders.FromTensors(outputs, targets, outputs, targets, 10);
        var learn = new Learner(dls, nn.Identity(), loss, metrics: metrics);
        using var noBar = learn.NoBar();
        return learn.Validate();
    }

    private static string Json(Tensor t) => JsonSerializer.Serialize(t.to_type(ScalarType.Float64).data<double>().ToArray());

    // scikit-learn's value of each named expression, computed from the arrays given as JSON files (logits p, labels y; reshaped to shape).
    private static Dictionary<string, double> Sklearn(TempDirectory dir, Dictionary<string, (Tensor Tensor, long[] Shape)> arrays,
        Dictionary<string, string> expressions)
    {
        var loads = string.Join("\n", arrays.Select(a =>
        {
            File.WriteAllText(dir.File($"{a.Key}.json"), Json(a.Value.Tensor));
            return $"{a.Key} = np.array(json.load(open(sys.argv[1] + '/{a.Key}.json'))).reshape({string.Join(", ", a.Value.Shape)})";
        }));
        var script = $$"""
            import json, sys
            import numpy as np
            from sklearn import metrics as m
            {{loads}}
            def softmax(x): e = np.exp(x - x.max(axis=1, keepdims=True)); return e / e.sum(axis=1, keepdims=True)
            def sigmoid(x): return 1 / (1 + np.exp(-x))
            out = {}
            {{string.Join("\n", expressions.Select(e => $"out['{e.Key}'] = float({e.Value})"))}}
            print(json.dumps(out))
            """;
        return JsonSerializer.Deserialize<Dictionary<string, double>>(PythonFixtures.RunInline(script, dir.Path))!;
    }

    [Test]
    public void MultiClassMetricsEqualScikitLearns()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(11);
        var logits = randn([157, 4], generator: gen).mul(2);
        var labels = randint(0, 4, [157], generator: gen);
        var ours = Validate(logits, labels, new CrossEntropyLossFlat(),
            Metric.RocAuc(), Named(Metric.RocAuc("weighted"), "auc_w"), Metric.MatthewsCorrCoef(), Metric.BalancedAccuracy(),
            Named(Metric.BalancedAccuracy(adjusted: true), "bal_adj"), Metric.CohenKappa(), Named(Metric.CohenKappa("linear"), "kappa_lin"),
            Named(Metric.CohenKappa("quadratic"), "kappa_quad"), Named(Metric.FBeta(0.5, "macro"), "f05_macro"), Named(Metric.FBeta(2, "micro"), "f2_micro"),
            Named(Metric.FBeta(2, "weighted"), "f2_weighted"), Metric.Perplexity());
        var theirs = Sklearn(dir, new() { ["p"] = (logits, [157, 4]), ["y"] = (labels, [157]) }, new()
        {
            ["roc_auc_score"] = "m.roc_auc_score(y, softmax(p), multi_class='ovr', average='macro')",
            ["auc_w"] = "m.roc_auc_score(y, softmax(p), multi_class='ovr', average='weighted')",
            ["matthews_corrcoef"] = "m.matthews_corrcoef(y, p.argmax(1))",
            ["balanced_accuracy_score"] = "m.balanced_accuracy_score(y, p.argmax(1))",
            ["bal_adj"] = "m.balanced_accuracy_score(y, p.argmax(1), adjusted=True)",
            ["cohen_kappa_score"] = "m.cohen_kappa_score(y, p.argmax(1))",
            ["kappa_lin"] = "m.cohen_kappa_score(y, p.argmax(1), weights='linear')",
            ["kappa_quad"] = "m.cohen_kappa_score(y, p.argmax(1), weights='quadratic')",
            ["f05_macro"] = "m.fbeta_score(y, p.argmax(1), beta=0.5, average='macro')",
            ["f2_micro"] = "m.fbeta_score(y, p.argmax(1), beta=2, average='micro')",
            ["f2_weighted"] = "m.fbeta_score(y, p.argmax(1), beta=2, average='weighted')",
            ["perplexity"] = "np.exp(m.log_loss(y, softmax(p), labels=[0, 1, 2, 3]))",
        });
        foreach (var (name, value) in theirs)
            Assert.That(ours[name], Is.EqualTo(value).Within(name == "perplexity" ? 1e-5 : 1e-9), name);
        Assert.That(theirs["matthews_corrcoef"], Is.Not.EqualTo(0).Within(1e-3), "the predictions are not at chance, or the comparison would be weak");
    }

    [Test]
    public void BinaryMetricsEqualScikitLearns()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(5);
        var labels = randint(0, 2, [123], generator: gen);
        // Outputs that lean to the true class, so the scores are far from chance.
        var logits = randn([123, 2], generator: gen).add(nn.functional.one_hot(labels, 2).to_type(ScalarType.Float32));
        var ours = Validate(logits, labels, new CrossEntropyLossFlat(), Metric.RocAucBinary(), Metric.FBeta(1), Named(Metric.FBeta(0.5), "f05"));
        var theirs = Sklearn(dir, new() { ["p"] = (logits, [123, 2]), ["y"] = (labels, [123]) }, new()
        {
            ["roc_auc_score"] = "m.roc_auc_score(y, softmax(p)[:, 1])",
            ["fbeta_score"] = "m.fbeta_score(y, p.argmax(1), beta=1)",
            ["f05"] = "m.fbeta_score(y, p.argmax(1), beta=0.5)",
        });
        foreach (var (name, value) in theirs) Assert.That(ours[name], Is.EqualTo(value).Within(1e-9), name);
        Assert.That(theirs["roc_auc_score"], Is.GreaterThan(0.6));
    }

    [Test]
    public void MultiLabelMetricsEqualScikitLearns()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(9);
        var targets = randint(0, 2, [97, 5], generator: gen).to_type(ScalarType.Float32);
        var logits = randn([97, 5], generator: gen).add(targets.mul(1.5).sub(0.75));
        Metric[] metrics = [Metric.AccuracyMulti(), Named(Metric.AccuracyMulti(thresh: 0.3), "acc03")];
        var averages = new[] { "micro", "macro", "weighted", "samples" };
        metrics = [.. metrics, .. averages.SelectMany(a => new[]
        {
            Named(Metric.PrecisionMulti(average: a), $"precision_{a}"), Named(Metric.RecallMulti(average: a), $"recall_{a}"),
            Named(Metric.F1ScoreMulti(average: a), $"f1_{a}"),
        })];
        var ours = Validate(logits, targets, new BceWithLogitsLossFlat(), metrics);
        var expressions = new Dictionary<string, string>
        {
            ["accuracy_multi"] = "((sigmoid(p) > 0.5) == (y > 0)).mean()",
            ["acc03"] = "((sigmoid(p) > 0.3) == (y > 0)).mean()",
        };
        foreach (var a in averages)
        {
            expressions[$"precision_{a}"] = $"m.precision_score(y, sigmoid(p) > 0.5, average='{a}', zero_division=0)";
            expressions[$"recall_{a}"] = $"m.recall_score(y, sigmoid(p) > 0.5, average='{a}', zero_division=0)";
            expressions[$"f1_{a}"] = $"m.f1_score(y, sigmoid(p) > 0.5, average='{a}', zero_division=0)";
        }
        var theirs = Sklearn(dir, new() { ["p"] = (logits, [97, 5]), ["y"] = (targets, [97, 5]) }, expressions);
        foreach (var (name, value) in theirs) Assert.That(ours[name], Is.EqualTo(value).Within(1e-9), name);
    }

    [Test]
    public void DiceAndJaccardAreScikitLearnsF1AndJaccardOfTheMasks()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(2);
        var masks = randint(0, 2, [23, 6, 7], generator: gen);
        var logits = randn([23, 2, 6, 7], generator: gen).add(nn.functional.one_hot(masks, 2).permute(0, 3, 1, 2).to_type(ScalarType.Float32));
        var ours = Validate(logits, masks, LossFunction.FromFunc((p, t) => p.mean()), Metric.Dice(), Metric.JaccardCoeff());
        var theirs = Sklearn(dir, new() { ["p"] = (logits, [23, 2, 6, 7]), ["y"] = (masks, [23, 6, 7]) }, new()
        {
            ["dice"] = "m.f1_score(y.reshape(-1), p.argmax(1).reshape(-1))",
            ["jaccard_coeff"] = "m.jaccard_score(y.reshape(-1), p.argmax(1).reshape(-1))",
        });
        foreach (var (name, value) in theirs) Assert.That(ours[name], Is.EqualTo(value).Within(1e-9), name);
    }

    [Test]
    public void MultiClassDiceJaccardAndForegroundAccuracyAreScikitLearnsOnTheMasksWithoutTheVoidPixels()
    {
        using var dir = new TempDirectory();
        var gen = new Generator(5);
        const int classes = 5, voidCode = 4;
        var masks = randint(0, classes, [23, 6, 7], generator: gen);
        var logits = randn([23, classes - 1, 6, 7], generator: gen).add(
            nn.functional.one_hot(masks.clamp_max(classes - 2), classes - 1).permute(0, 3, 1, 2).to_type(ScalarType.Float32));
        var dice = new ClassOverlapMetric(ignoreIndex: voidCode);
        var ours = Validate(logits, masks, new CrossEntropyLossFlat(axis: 1, ignoreIndex: voidCode), dice, Metric.JaccardMulti(voidCode),
            Metric.ForegroundAcc(0, voidCode));
        const string yk = "y.reshape(-1)[y.reshape(-1) != 4]", pk = "p.argmax(1).reshape(-1)[y.reshape(-1) != 4]";
        var theirs = Sklearn(dir, new() { ["p"] = (logits, [23, classes - 1, 6, 7]), ["y"] = (masks, [23, 6, 7]) }, new()
        {
            ["dice_multi"] = $"m.f1_score({yk}, {pk}, average='macro')",
            ["jaccard_multi"] = $"m.jaccard_score({yk}, {pk}, average='macro')",
            ["foreground_acc"] = $"({pk}[{yk} != 0] == {yk}[{yk} != 0]).mean()",
            ["dice_class0"] = $"m.f1_score({yk}, {pk}, average=None)[0]",
            ["dice_class3"] = $"m.f1_score({yk}, {pk}, average=None)[3]",
        });
        foreach (var name in new[] { "dice_multi", "jaccard_multi", "foreground_acc" }) Assert.That(ours[name], Is.EqualTo(theirs[name]).Within(1e-9), name);
        Assert.That(dice.PerClass[0], Is.EqualTo(theirs["dice_class0"]).Within(1e-9));
        Assert.That(dice.PerClass[3], Is.EqualTo(theirs["dice_class3"]).Within(1e-9));
        Assert.That(dice.PerClass, Has.Count.EqualTo(classes - 1), "one Dice per output class; the void code is not one");
        Assert.That(ours["foreground_acc"], Is.GreaterThan(0.3).And.LessThan(0.99), "neither at chance nor perfect, or the comparison would be weak");
    }

    [Test]
    public void PixelCrossEntropyIsPyTorchsOverTheClassAxisWithTheVoidCodeIgnored()
    {
        var gen = new Generator(8);
        var logits = randn([3, 4, 5, 6], generator: gen);
        var masks = randint(0, 5, [3, 5, 6], generator: gen);   // code 4 is the void
        var loss = new CrossEntropyLossFlat(axis: 1, ignoreIndex: 4);
        var ours = loss.Forward(logits, masks).item<float>();
        var perItem = loss.ForwardPerItem(logits, masks).data<float>().ToArray();
        var json = JsonSerializer.Serialize(new { p = logits.reshape(-1).data<float>().ToArray(), y = masks.reshape(-1).data<long>().ToArray() });
        var theirs = JsonSerializer.Deserialize<double[]>(PythonFixtures.RunInline("""
            import json, sys, torch
            import torch.nn.functional as F
            d = json.loads(sys.argv[1]); p = torch.tensor(d['p']).reshape(3, 4, 5, 6); y = torch.tensor(d['y']).reshape(3, 5, 6)
            full = F.cross_entropy(p, y, ignore_index=4, reduction='none')
            per_item = [float(full[i][y[i] != 4].mean()) for i in range(3)]
            print(json.dumps([float(F.cross_entropy(p, y, ignore_index=4))] + per_item))
            """, json))!;
        Assert.That(ours, Is.EqualTo(theirs[0]).Within(1e-5));
        Assert.That(perItem, Is.EqualTo(theirs[1..]).Within(1e-5));
        Assert.That(loss.Decodes(loss.Activation(logits)).shape, Is.EqualTo(new long[] { 3, 5, 6 }), "decoded to a mask of codes");
        Assert.That(() => loss.Forward(logits, masks[.., ..4]), Throws.ArgumentException.With.Message.Contains("[3, 5, 6]"));
    }

    // The same metric under another column name, so that several settings of one metric can sit in one pass.
    private static Metric Named(Metric metric, string name) => new Renamed(metric, name);

    private sealed class Renamed(Metric inner, string name) : Metric
    {
        public override string Name => name;
        public override double Value => inner.Value;
        public override void Reset() => inner.Reset();
        public override void Accumulate(Learner learn) => inner.Accumulate(learn);
    }
}
