using FastDays.Foundations;
using static TorchSharp.torch;

namespace FastDays.Tests.Foundations;

public sealed class ValueTests
{
    [Test]
    public void TheLecturesGraphGivesTheChainRulesDerivatives()
    {
        var (a, b, c) = (new Value(5, "a"), new Value(3, "b"), new Value(2, "c"));
        var j = 3 * (a + b * c);
        j.Backward();
        Assert.That((j.Data, a.Grad, b.Grad, c.Grad), Is.EqualTo((33.0, 3.0, 6.0, 9.0)));
    }

    [TestCase(0.3, -1.7, 2.2)]
    [TestCase(-2.5, 0.4, 0.9)]
    [TestCase(1.1, 1.3, -0.6)]
    public void GradientsEqualTorchSharpsAutogradOnAnExpressionThatReusesNodes(double x0, double y0, double z0)
    {
        // f = tanh(x·y + z) · σ(x) + log(1 + e^(y·z)) − x·x: x feeds three places, so its gradient adds up.
        var (x, y, z) = (new Value(x0, "x"), new Value(y0, "y"), new Value(z0, "z"));
        var f = (x * y + z).Tanh() * x.Sigmoid() + (1 + (y * z).Exp()).Log() - x * x;
        f.Backward();
        using var scope = NewDisposeScope();
        var (tx, ty, tz) = (tensor(x0, requires_grad: true), tensor(y0, requires_grad: true), tensor(z0, requires_grad: true));
        var tf = tx.mul(ty).add(tz).tanh().mul(tx.sigmoid()).add(ty.mul(tz).exp().add(ones_like(tz)).log()).sub(tx.mul(tx));
        tf.backward();
        Assert.That(f.Data, Is.EqualTo(tf.item<double>()).Within(1e-12));
        Assert.That(new[] { x.Grad, y.Grad, z.Grad },
            Is.EqualTo(new[] { tx.grad!.item<double>(), ty.grad!.item<double>(), tz.grad!.item<double>() }).Within(1e-12));
    }

    [Test]
    public void LogisticRegressionsDzIsAMinusY()
    {
        var (w, b) = (new Value(0.8, "w"), new Value(0.1, "b"));
        var z = w * 1.5 + b;
        var a = z.Sigmoid();
        var loss = -(1 * a.Log() + 0 * (1 - a).Log());
        loss.Backward();
        Assert.That(z.Grad, Is.EqualTo(a.Data - 1).Within(1e-15));
        Assert.That(w.Grad, Is.EqualTo(1.5 * (a.Data - 1)).Within(1e-15));
        Assert.That(loss.ToDot(), Does.StartWith("digraph computation {").And.Contain("label=\"σ\"").And.Contain("w | data 0.8"));
        Assert.That(() => new Value(-1).Log(), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void BackwardResetsGradientsAndTheGraphListsInputsFirst()
    {
        var x = new Value(2, "x");
        var y = (x * x).As("y");
        y.Backward();
        y.Backward();
        Assert.That(x.Grad, Is.EqualTo(4), "a second backward pass starts from zero again");
        var graph = y.Graph().ToList();
        Assert.That(graph[^1], Is.SameAs(y));
        Assert.That(graph.IndexOf(x), Is.LessThan(graph.IndexOf(y)));
        Assert.That(graph.Count(n => ReferenceEquals(n, x)), Is.EqualTo(1), "a node used twice is listed once");
    }
}
