using FastDays.Tests.Support;
using TorchSharp;

namespace FastDays.Tests;

/// <summary>FastDays leaves no native TorchSharp object to the finalizer thread: read from the IL of its assemblies.</summary>
/// <remarks>TorchSharp 0.107 frees implicitly made Scalars from the finalizer, which can run while libtorch still reads them
/// (see ScalarScope). These tests find, in TorchSharp's own IL, every method that makes such a Scalar directly or through
/// other methods, and fail on any call from FastDays to one of them.</remarks>
public sealed class FinalizerSafetyTests
{
    private static readonly Lazy<IlCallGraph> TorchSharpGraph = new(() => IlCallGraph.Read(typeof(torch).Assembly.Location));

    private static readonly Lazy<HashSet<string>> UnsafeTorchSharp = new(() => TorchSharpGraph.Value.Reaching(MakesScalar));

    // optim.Optimizer.step returns the closure's loss: null when it is called without a closure, as FastDays does.
    private static readonly HashSet<string> ReturnsNothingToFree = ["TorchSharp.torch.optim.Optimizer::step(System.Func`1<TorchSharp.torch.Tensor>)"];

    private static bool MakesScalar(string callee) =>
        callee.StartsWith("TorchSharp.Scalar::op_Implicit(", StringComparison.Ordinal) ||
        callee.StartsWith("TorchSharp.ScalarExtensionMethods::ToScalar(", StringComparison.Ordinal) ||
        callee.StartsWith("TorchSharp.torch.Tensor::ToScalar(", StringComparison.Ordinal);

    private static IEnumerable<TestCaseData> Assemblies() =>
    [
        new TestCaseData(typeof(FastDays.Learning.Learner).Assembly.Location).SetArgDisplayNames("FastDays.Core"),
        new TestCaseData(typeof(FastDays.Vision.Learning.VisionLearners).Assembly.Location).SetArgDisplayNames("FastDays.Vision"),
        new TestCaseData(typeof(FastDays.Tabular.Models.TabularModel).Assembly.Location).SetArgDisplayNames("FastDays.Tabular"),
        new TestCaseData(typeof(FastDays.Text.Tokenization.Tokenizer).Assembly.Location).SetArgDisplayNames("FastDays.Text"),
        new TestCaseData(typeof(FastDays.Collab.Models.DotProductBias).Assembly.Location).SetArgDisplayNames("FastDays.Collab"),
        new TestCaseData(typeof(FastDays.Trees.TabularForests).Assembly.Location).SetArgDisplayNames("FastDays.Trees"),
        new TestCaseData(typeof(FastDays.Onnx.OnnxExport).Assembly.Location).SetArgDisplayNames("FastDays.Onnx"),
        new TestCaseData(typeof(FastDays.Serve.ServedModel).Assembly.Location).SetArgDisplayNames("FastDays.Serve"),
        new TestCaseData(typeof(FastDays.Datasets.FashionMnist).Assembly.Location).SetArgDisplayNames("FastDays.Datasets"),
        new TestCaseData(typeof(FastDays.Foundations.Value).Assembly.Location).SetArgDisplayNames("FastDays.Foundations"),
        new TestCaseData(typeof(FastDays.Examples.Cli.IExampleCommand).Assembly.Location).SetArgDisplayNames("FastDays.Examples"),
    ];

    [Test]
    public void TheScanFindsTheKnownOffendersInTorchSharp()
    {
        // The scan must see what is known to make implicit Scalars, or a clean result below would mean nothing.
        Assert.That(UnsafeTorchSharp.Value, Does.Contain("TorchSharp.torch.Tensor::add(TorchSharp.torch.Tensor)"));
        Assert.That(UnsafeTorchSharp.Value, Does.Contain("TorchSharp.torch.Tensor::op_Multiply(TorchSharp.torch.Tensor,Double)"));
        Assert.That(UnsafeTorchSharp.Value, Does.Contain("TorchSharp.Modules.BatchNorm::forward(TorchSharp.torch.Tensor)"));
        Assert.That(UnsafeTorchSharp.Value, Does.Not.Contain("TorchSharp.torch.Tensor::add(TorchSharp.torch.Tensor,TorchSharp.Scalar)"));
        Assert.That(UnsafeTorchSharp.Value, Does.Not.Contain("TorchSharp.torch.Tensor::mul(TorchSharp.torch.Tensor)"));
        Assert.That(TorchSharpGraph.Value.ReturnsFirstArgument, Does.Contain("TorchSharp.torch.Tensor::mul_(TorchSharp.torch.Tensor)"));
        Assert.That(TorchSharpGraph.Value.ReturnsFirstArgument, Does.Not.Contain("TorchSharp.torch.Tensor::zero_()"), "zero_ returns a new handle");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void MakesNoScalarOutsideScalarScopeAndCallsNothingThatDoes(string assembly)
    {
        var unsafeCalls = UnsafeTorchSharp.Value;
        var offences = new List<string>();
        foreach (var (caller, callees) in IlCallGraph.Read(assembly).Calls)
        {
            if (caller.StartsWith("FastDays.ScalarScope::", StringComparison.Ordinal)) continue;   // the one place that makes Scalars
            foreach (var callee in callees.Keys)
                if (MakesScalar(callee) || unsafeCalls.Contains(callee)) offences.Add($"{caller} calls {callee}");
        }
        Assert.That(offences, Is.Empty, () => "use ScalarScope.Of(x) / ScalarScope.One and the overloads that take them:\n" + string.Join("\n", offences));
    }

    [TestCaseSource(nameof(Assemblies))]
    public void DropsNoTensorThatTorchSharpMadeForIt(string assembly)
    {
        // A tensor a call returns and the caller drops is freed by the finalizer, or by an enclosing dispose scope at best
        // (TorchSharp's zero_() returns a new handle to the zeroed tensor; mul_() returns this, which may be dropped).
        var returnsFirst = TorchSharpGraph.Value.ReturnsFirstArgument;
        var offences = IlCallGraph.Read(assembly).Discarded
            .SelectMany(c =>
                c.Value.Where(callee => callee.StartsWith("TorchSharp.", StringComparison.Ordinal) && !returnsFirst.Contains(callee)
                    && !ReturnsNothingToFree.Contains(callee)
                && TorchSharpGraph.Value.Calls.Values.Any(d => d.TryGetValue(callee, out var r) && r == "TorchSharp.torch.Tensor"))
                .Select(callee => $"{c.Key} drops the tensor of {callee}"))
            .ToList();
        Assert.That(offences, Is.Empty, () => "keep or dispose what the call returns (nn.init.zeros_ zeroes in place):\n" + string.Join("\n", offences));
    }

    [TestCaseSource(nameof(Assemblies))]
    public void CreatesNoTorchSharpModuleWhoseForwardMakesScalars(string assembly)
    {
        var unsafeModules =
            UnsafeTorchSharp.Value.Where(m => m.Contains("::forward(", StringComparison.Ordinal)).Select(m =>
                m[..m.IndexOf("::", StringComparison.Ordinal)]).ToHashSet();
        var typeOf = typeof(torch).Assembly.GetTypes().ToDictionary(t => t.FullName!.Replace('+', '.'), StringComparer.Ordinal);
        bool MakesUnsafeModule(string returns) => typeOf.TryGetValue(returns, out var type) &&
            unsafeModules.Any(u => typeOf.TryGetValue(u, out var unsafeType) && unsafeType.IsAssignableFrom(type));
        var offences = IlCallGraph.Read(assembly).Calls
            .SelectMany(c => c.Value.Where(callee => callee.Key.StartsWith("TorchSharp.", StringComparison.Ordinal) && MakesUnsafeModule(callee.Value))
                .Select(callee => $"{c.Key} creates {callee.Value} through {callee.Key}"))
            .ToList();
        Assert.That(offences, Is.Empty, () => "use FastDays.Modules.BatchNormLayer for batchnorm:\n" + string.Join("\n", offences));
    }

    [Test]
    public void TorchVisionsResNetAndMobileNetBlocksMakeImplicitScalarsWhichIsWhyVisionKeepsItsOwnModels()
    {
        // Could VisionLearner build on TorchVision's models? Their blocks add the shortcut with calls
        // that make Scalars for the finalizer to free (BasicBlock's add_(identity), MobileNetV2's x + conv(x)), so FastDays
        // keeps its own ResNet and uses TorchVision as the oracle its outputs are compared with.
        var unsafeCalls = UnsafeTorchSharp.Value;
        var graph = IlCallGraph.Read(typeof(torchvision).Assembly.Location);
        var reaching = graph.Reaching(c => MakesScalar(c) || unsafeCalls.Contains(c));
        var forwards = reaching.Where(m => m.Contains("::forward(", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        TestContext.Out.WriteLine(string.Join("\n", forwards));
        Assert.That(forwards, Has.Some.Contains("BasicBlock::forward("));
        Assert.That(forwards, Has.Some.Contains("Bottleneck::forward("));
        Assert.That(forwards, Has.Some.Contains("InvertedResidual::forward("));
    }
}
