using FastDays.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Tests.Callbacks;

public sealed class HookTests
{
    private static TorchSharp.Modules.Sequential Model()
    {
        manual_seed(3);
        return nn.Sequential(("lin1", nn.Linear(4, 3)), ("relu", nn.ReLU()), ("lin2", nn.Linear(3, 2)));
    }

    [Test]
    public void AForwardHookKeepsTheOutputComputedByHandUntilItIsRemoved()
    {
        var model = Model();
        var lin1 = (TorchSharp.Modules.Linear)model.named_children().First().module;
        var x = randn(5, 4);
        var hook = ModelHooks.HookOutput(lin1);
        Tensor stored;
        using (NewDisposeScope())
        {
            model.forward(x);
            stored = hook.Stored!;
        }
        var byHand = x.matmul(lin1.weight!.t()).add(lin1.bias!);
        Assert.That(stored.allclose(byHand, rtol: 1e-6, atol: 1e-6), "the first layer's output, and it outlives the forward pass's dispose scope");
        Assert.That(stored.requires_grad, Is.False, "detached by default");
        hook.Dispose();
        Assert.That(hook.Removed && hook.Stored is null);
        model.forward(x.mul(2)).Dispose();
        Assert.That(hook.Stored, Is.Null, "a removed hook no longer fires");
    }

    [Test]
    public void ABackwardHookKeepsTheGradientOfTheOutputComputedByHandAndLeavesTheOtherGradientsAlone()
    {
        var x = randn(5, 4);
        var reference = Model();
        reference.forward(x).pow(2).sum().backward();
        var referenceGrads = reference.parameters().Select(p => p.grad!.clone()).ToList();

        var model = Model();
        var children = model.named_children().Select(c => c.module).ToList();
        var (lin1, relu, lin2) = ((TorchSharp.Modules.Linear)children[0], (nn.Module<Tensor, Tensor>)children[1], (TorchSharp.Modules.Linear)children[2]);
        using var hook = ModelHooks.HookOutput(relu, grad: true);
        var output = model.forward(x);
        Assert.That(hook.Stored, Is.Null, "nothing before the backward pass");
        output.pow(2).sum().backward();
        // d(sum(out²))/d relu-output = 2 out W2.
        var byHand = output.detach().mul(2).matmul(lin2.weight!.detach());
        Assert.That(hook.Stored!.allclose(byHand, rtol: 1e-5, atol: 1e-6), "the gradient reaching the ReLU's output");
        foreach (var (p, g) in model.parameters().Zip(referenceGrads))
            Assert.That(p.grad!.allclose(g, rtol: 1e-6, atol: 1e-7), "the hook passes the gradient on unchanged");
        Assert.That(lin1.weight!.grad, Is.Not.Null);
    }

    [Test]
    public void AHookThatDoesNotDetachLetsGradientsFlowThroughWhatItKept()
    {
        var model = Model();
        var lin1 = (nn.Module<Tensor, Tensor>)model.named_children().First().module;
        using var hook = ModelHooks.HookOutput(lin1, detach: false);
        model.forward(randn(5, 4)).Dispose();
        Assert.That(hook.Stored!.requires_grad);
        hook.Stored.sum().backward();
        Assert.That(model.parameters().First().grad!.abs().sum().item<float>(), Is.GreaterThan(0));
    }

    [Test]
    public void HooksKeepOneValuePerModuleAndModelSizesReadsTheShapes()
    {
        var convs = nn.Sequential(("c1", nn.Conv2d(3, 8, 3, stride: 2, padding: 1)), ("c2", nn.Conv2d(8, 16, 3, stride: 2, padding: 1)));
        var modules = convs.children().Cast<nn.Module<Tensor, Tensor>>().ToList();
        var sizes = ModelHooks.ModelSizes(convs, modules, (37, 20));
        Assert.That(sizes.Select(s => string.Join("x", s)), Is.EqualTo(new[] { "1x8x19x10", "1x16x10x5" }));
        using var hooks = new Hooks(modules, (_, input, output) => input!.mean());
        convs.forward(ones(2, 3, 8, 8)).Dispose();
        Assert.That(hooks.Stored[0]!.item<float>(), Is.EqualTo(1f), "the function sees the input");
        Assert.That(hooks.Count, Is.EqualTo(2));
        hooks.Remove();
        Assert.That(hooks.Items.All(h => h.Removed));
    }
}
