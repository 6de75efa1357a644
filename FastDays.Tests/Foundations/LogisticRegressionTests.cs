using FastDays.Datasets;
using FastDays.Foundations;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Foundations;

public sealed class LogisticRegressionTests
{
    private static (Tensor X, Tensor Y, Tensor W, Tensor B) RandomProblem(ScalarType dtype, int n = 12, int m = 40, double wScale = 0.5, int seed = 7)
    {
        var g = new Generator((ulong)seed);
        var x = randn(n, m, dtype: ScalarType.Float64, generator: g).to_type(dtype);                      // (n, m)
        var y = rand(1, m, dtype: ScalarType.Float64, generator: g).gt(0.5).to_type(dtype);               // (1, m)
        var w = randn(n, 1, dtype: ScalarType.Float64, generator: g).mul(wScale).to_type(dtype);          // (n, 1)
        var b = tensor(0.1, dtype: ScalarType.Float64).to_type(dtype);                                     // ()
        return (x, y, w, b);
    }

    private static double MaxAbsDiff(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        Assert.That(a, Has.Count.EqualTo(b.Count));
        return a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
    }

    [TestCase(0.5)]
    [TestCase(50.0)]
    public void HandGradientsEqualAutogradInFloat64(double wScale)
    {
        using var scope = NewDisposeScope();
        var (x, y, w, b) = RandomProblem(ScalarType.Float64, wScale: wScale);
        using var scratch = new ScratchLogisticRegression(w, b);
        using var module = new AutogradLogisticRegression(w, b);
        using var hand = scratch.Propagate(x, y);
        using var auto = module.Gradients(x, y);
        Assert.That(MaxAbsDiff(hand.ToArray(), auto.ToArray()), Is.LessThanOrEqualTo(1e-10));
        Assert.That(hand.Cost, Is.EqualTo(auto.Cost).Within(1e-10 * Math.Max(1, auto.Cost)));
        Assert.That(hand.ToArray().Select(Math.Abs).Max(), Is.GreaterThan(1e-3), "the gradients are not trivially zero");
    }

    [Test]
    public void HandGradientsEqualAutogradInFloat32()
    {
        using var scope = NewDisposeScope();
        var (x, y, w, b) = RandomProblem(ScalarType.Float32);
        using var scratch = new ScratchLogisticRegression(w, b);
        using var module = new AutogradLogisticRegression(w, b);
        using var hand = scratch.Propagate(x, y);
        using var auto = module.Gradients(x, y);
        Assert.That(hand.Dw.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(auto.Dw.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(MaxAbsDiff(hand.ToArray(), auto.ToArray()), Is.LessThanOrEqualTo(1e-5));
        Assert.That(hand.Cost, Is.EqualTo(auto.Cost).Within(1e-5));
    }

    [NeedsPyTorch]
    [Test]
    public void HandAndAutogradGradientsEqualThePyTorchReference()
    {
        foreach (var reference in LogRegReferenceCase.Load())
        {
            using var scope = NewDisposeScope();
            var (x, y, w, b) = (reference.XTensor(), reference.YTensor(), reference.WTensor(), reference.BTensor());
            using var scratch = new ScratchLogisticRegression(w, b);
            using var module = new AutogradLogisticRegression(w, b);
            using var hand = scratch.Propagate(x, y);
            using var auto = module.Gradients(x, y);
            double[] expected = [.. reference.Dw, reference.Db];
            var tolerance = 1e-12 * Math.Max(1, reference.Cost);
            Assert.That(MaxAbsDiff(hand.ToArray(), expected), Is.LessThanOrEqualTo(1e-12), $"{reference.Name}: hand dw, db");
            Assert.That(MaxAbsDiff(auto.ToArray(), expected), Is.LessThanOrEqualTo(1e-12), $"{reference.Name}: autograd dw, db");
            Assert.That(hand.Cost, Is.EqualTo(reference.Cost).Within(tolerance), $"{reference.Name}: hand cost");
            Assert.That(auto.Cost, Is.EqualTo(reference.Cost).Within(tolerance), $"{reference.Name}: autograd cost");

            var loop = new LoopLogisticRegression(reference.W, reference.B).Propagate(LoopLogisticRegression.ExamplesFromColumns(x), reference.Y);
            Assert.That(MaxAbsDiff([.. loop.Dw, loop.Db], expected), Is.LessThanOrEqualTo(1e-12), $"{reference.Name}: loop dw, db");
            Assert.That(loop.Cost, Is.EqualTo(reference.Cost).Within(tolerance), $"{reference.Name}: loop cost");
        }
    }

    [NeedsPyTorch]
    [Test]
    public void GradientDescentFollowsThePyTorchCostCurve()
    {
        foreach (var reference in LogRegReferenceCase.Load())
        {
            using var scope = NewDisposeScope();
            var (x, y) = (reference.XTensor(), reference.YTensor());
            using var scratch = new ScratchLogisticRegression(reference.WTensor(), reference.BTensor());
            using var module = new AutogradLogisticRegression(reference.WTensor(), reference.BTensor());
            var steps = reference.GdCosts.Length;
            var tolerance = 1e-11 * Math.Max(1, reference.Cost);
            Assert.That(MaxAbsDiff(scratch.Optimize(x, y, steps, 0.1), reference.GdCosts), Is.LessThanOrEqualTo(tolerance), reference.Name);
            Assert.That(MaxAbsDiff(module.Fit(x, y, steps, 0.1), reference.GdCosts), Is.LessThanOrEqualTo(tolerance), reference.Name);
        }
    }

    [Test]
    public void FiniteDifferencesAgreeWithTheHandGradientInFloat64()
    {
        using var scope = NewDisposeScope();
        var (x, y, w, b) = RandomProblem(ScalarType.Float64);
        var report = GradientCheck.Run(x, y, w, b);
        Assert.That(report[GradientCheck.HandVsFiniteDifferences].RelativeError, Is.LessThan(1e-7));
        Assert.That(report[GradientCheck.AutogradVsFiniteDifferences].RelativeError, Is.LessThan(1e-7));
        Assert.That(report[GradientCheck.HandVsAutograd].MaxAbsError, Is.LessThanOrEqualTo(1e-10));
        Assert.That(report[GradientCheck.LoopVsHand].MaxAbsError, Is.LessThanOrEqualTo(1e-12));
        Assert.That(report.Format(), Does.Contain(GradientCheck.HandVsFiniteDifferences));
    }

    [Test]
    public void GradientCheckCatchesAWrongGradient()
    {
        // A gradient with the wrong sign of db must show up as a large relative error.
        using var scope = NewDisposeScope();
        var (x, y, w, b) = RandomProblem(ScalarType.Float64);
        var numeric = GradientCheck.FiniteDifferences(x, y, w, b);
        using var scratch = new ScratchLogisticRegression(w, b);
        using var hand = scratch.Propagate(x, y);
        var wrong = hand.ToArray();
        wrong[^1] = -wrong[^1] + 0.05;
        Assert.That(GradientCheck.Compare("right", hand.ToArray(), numeric).RelativeError, Is.LessThan(1e-7));
        Assert.That(GradientCheck.Compare("wrong", wrong, numeric).RelativeError, Is.GreaterThan(1e-3));
    }

    [Test]
    public void LoopAndVectorizedVersionsAgree()
    {
        using var scope = NewDisposeScope();
        using var task = BinaryFashionTask.Create(FashionMnist.LoadTiny(), 0, 6);
        var (x, y) = (task.XTrain, task.YTrain);                                              // (784, 500), (1, 500)
        var g = new Generator(3);
        var w = randn(task.Features, 1, dtype: ScalarType.Float64, generator: g).mul(0.01);
        var b = tensor(-0.2, dtype: ScalarType.Float64);
        var xs = LoopLogisticRegression.ExamplesFromColumns(x);
        var ys = y.reshape(-1).data<double>().ToArray();
        var loop = new LoopLogisticRegression(w.reshape(-1).data<double>().ToArray(), -0.2);
        var loopGradients = loop.Propagate(xs, ys);
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var scratch = new ScratchLogisticRegression(w.to_type(dtype), b.to_type(dtype));
            using var hand = scratch.Propagate(x.to_type(dtype), y.to_type(dtype));
            Assert.That(MaxAbsDiff(hand.ToArray(), [.. loopGradients.Dw, loopGradients.Db]), Is.LessThanOrEqualTo(1e-5), dtype.ToString());
            Assert.That(hand.Cost, Is.EqualTo(loopGradients.Cost).Within(1e-5), dtype.ToString());
        }

        // Twenty steps of training keep them together, and the predictions match.
        using var vectorized = new ScratchLogisticRegression(w, b);
        var vectorizedCosts = vectorized.Optimize(x, y, 20, 0.05);
        var loopCosts = loop.Optimize(xs, ys, 20, 0.05);
        Assert.That(MaxAbsDiff(vectorizedCosts, loopCosts), Is.LessThanOrEqualTo(1e-5));
        Assert.That(MaxAbsDiff(vectorized.Predict(x).reshape(-1).data<double>().ToArray(), loop.Predict(xs)), Is.EqualTo(0));
    }

    [TestCase(ScalarType.Float64)]
    [TestCase(ScalarType.Float32)]
    public void FiveHundredIterationsGiveTheSameCostCurveByHandAndByAutograd(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var task = BinaryFashionTask.Create(FashionMnist.LoadTiny(), 0, 6, dtype);
        using var scratch = ScratchLogisticRegression.InitializeWithZeros(task.Features, dtype);
        using var module = new AutogradLogisticRegression(scratch.W, scratch.B);
        var hand = scratch.Optimize(task.XTrain, task.YTrain, 500, 0.01);
        var auto = module.Fit(task.XTrain, task.YTrain, 500, 0.01);
        Assert.That(MaxAbsDiff(hand, auto), Is.LessThanOrEqualTo(1e-5));
        Assert.That(scratch.Accuracy(task.XTest, task.YTest), Is.EqualTo(module.Accuracy(task.XTest, task.YTest)).Within(1.0 / task.XTest.shape[1] + 1e-12));

        // From w = 0, b = 0 every a is 1/2, so the first cost is ln 2; then gradient descent must lower it at every step.
        Assert.That(hand[0], Is.EqualTo(Math.Log(2)).Within(1e-6));
        for (var i = 1; i < hand.Length; i++) Assert.That(hand[i], Is.LessThan(hand[i - 1]), $"iteration {i}");
        Assert.That(hand[^1], Is.LessThan(0.5 * hand[0]));
        Assert.That(scratch.Accuracy(task.XTrain, task.YTrain), Is.GreaterThan(0.75));
    }

    [Test]
    public void SigmoidOfPlusMinusOneThousandGivesFiniteCostAndGradients()
    {
        using var scope = NewDisposeScope();
        // One feature, w = 1, b = 0: the logits are exactly the inputs.
        var x = tensor(new[] { 1000.0, -1000.0, 1000.0, -1000.0 }, [1, 4], dtype: ScalarType.Float64);
        var y = tensor(new[] { 1.0, 0.0, 0.0, 1.0 }, [1, 4], dtype: ScalarType.Float64);   // two right, two confidently wrong
        var w = ones(1, 1, dtype: ScalarType.Float64);
        var b = zeros([], dtype: ScalarType.Float64);
        // Losses: 0, 0, 1000, 1000 -> J = 500; A − Y = 0, 0, 1, −1 -> dw = (1000 + 1000)/4 = 500, db = 0.
        using var scratch = new ScratchLogisticRegression(w, b);
        using var module = new AutogradLogisticRegression(w, b);
        using var hand = scratch.Propagate(x, y);
        using var auto = module.Gradients(x, y);
        var loop = new LoopLogisticRegression([1.0], 0).Propagate([1000, -1000, 1000, -1000], [1, 0, 0, 1]);
        foreach (var (name, cost,
            grads) in new[] { ("hand", hand.Cost, hand.ToArray()), ("autograd", auto.Cost, auto.ToArray()), ("loop", loop.Cost, [.. loop.Dw, loop.Db]) })
        {
            Assert.That(double.IsFinite(cost) && grads.All(double.IsFinite), $"{name}: cost {cost}, gradients {string.Join(", ", grads)}");
            Assert.That(cost, Is.EqualTo(500).Within(1e-9), name);
            Assert.That(grads, Is.EqualTo(new[] { 500.0, 0.0 }).Within(1e-9), name);
        }
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var cost = LogisticMath.Cost(x.to_type(dtype), y.to_type(dtype));
            Assert.That(cost.to_type(ScalarType.Float64).item<double>(), Is.EqualTo(500).Within(1e-3), dtype.ToString());
        }
        Assert.That((LogisticMath.Sigmoid(1000), LogisticMath.Sigmoid(-1000)), Is.EqualTo((1.0, 0.0)));
    }

    [Test]
    public void WrongShapesAreNamedInTheError()
    {
        using var scope = NewDisposeScope();
        using var scratch = ScratchLogisticRegression.InitializeWithZeros(4);
        var x = zeros(3, 10, dtype: ScalarType.Float64);
        Assert.That(() => scratch.Propagate(x, zeros(1, 10, dtype: ScalarType.Float64)),
            Throws.ArgumentException.With.Message.Contains("(4, m)").And.Message.Contains("(3, 10)"));
        Assert.That(() => scratch.Propagate(zeros(4, 10, dtype: ScalarType.Float64), zeros(10, dtype: ScalarType.Float64)),
            Throws.ArgumentException.With.Message.Contains("(1, 10)"));
        Assert.That(() => new LoopLogisticRegression([1.0, 2.0], 0).Propagate([1, 2, 3], [1, 0]), Throws.ArgumentException.With.Message.Contains("need 4"));
        Assert.That(() => new ScratchLogisticRegression(zeros(4, dtype: ScalarType.Float64), zeros([])),
            Throws.ArgumentException.With.Message.Contains("(n, 1)"));
    }
}
