using System.Diagnostics;
using FastDays.Interop;
using FastDays.Modules;
using FastDays.Optimizers;
using FastDays.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace FastDays.Tests.Interop;

/// <summary>FastDays' optimizer state written in PyTorch's format: Debian's PyTorch loads it into its own optimizer and takes the next step to the
/// weights FastDays' next step gives.</summary>
public sealed class OptimizerPyTorchTests
{
    private const string Script = """
        import sys, torch
        weights, grads = (torch.load(f, weights_only=True) for f in (sys.argv[1], sys.argv[3]))
        state = torch.load(sys.argv[2])   # PyTorch 1.13's weights_only reader has no floats (BINFLOAT), which every optimizer state holds
        params = {name: torch.nn.Parameter(weights[name].clone()) for name in grads}
        groups = [{'params': [params[n] for n in group['param_names']]} for group in state['param_groups']]
        opt = {'AdamW': torch.optim.AdamW, 'Adam': torch.optim.Adam, 'SGD': torch.optim.SGD}[sys.argv[4]](groups, lr=1.0)
        opt.load_state_dict(state)
        for name, p in params.items(): p.grad = grads[name]
        opt.step()
        torch.save({name: p.detach() for name, p in params.items()}, sys.argv[5])
        print(len(state['param_groups']), sorted(state['state'][0].keys()))
        """;

    [NeedsPyTorch]
    [TestCase("AdamW", "exp_avg,exp_avg_sq,step")]
    [TestCase("Adam", "exp_avg,exp_avg_sq,step")]
    [TestCase("SGD", "momentum_buffer")]
    public void PyTorchTakesTheNextStepToTheSameWeights(string kind, string stateNames)
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = nn.Sequential(("fc1", nn.Linear(4, 3)), ("bn", new BatchNormLayer(3, ndim: 1)), ("fc2", nn.Linear(3, 2)));
        model.to(ScalarType.Float64);
        var ps = model.parameters().ToList();
        IEnumerable<TorchSharp.Modules.Parameter>[] groups = [ps.Take(2), ps.Skip(2)];   // two groups, as a splitter makes them
        using Optimizer opt = kind switch
        {
            "AdamW" => new AdamOptimizer(groups, lr: 0.01, wd: 0.1),
            "Adam" => new AdamOptimizer(groups, lr: 0.01, sqrMom: 0.999, eps: 1e-8, wd: 0.1, decoupleWd: false),
            _ => new SgdOptimizer(groups, lr: 0.01, mom: 0.9, wd: 0.1, decoupleWd: false),
        };
        opt.NoWeightDecay.UnionWith(ModelParts.BatchNormAndBiasParams(model));   // fastai's wd_bn_bias=False: PyTorch needs a group of its own
        opt.SetHyper("lr", [0.01, 0.03]);
        void SetGrads() { foreach (var p in ps) p.grad = randn_like(p); }
        for (var step = 0; step < 3; step++)
        {
            SetGrads();
            opt.Step();
        }
        SetGrads();
        var weights = model.SavePyTorchWeights(dir.File("weights.pt"));
        var state = opt.SavePyTorch(dir.File("optimizer.pt"), model);
        var grads = WeightsFile.SavePyTorch(model.named_parameters().ToDictionary(np => np.name, np => np.parameter.grad!), dir.File("grads.pt"));
        opt.Step();

        var output = RunPython(weights, state, grads, kind, dir.File("after.pt"));
        Assert.That(output.Trim(), Is.EqualTo($"4 [{string.Join(", ", stateNames.Split(',').Select(n => $"'{n}'"))}]"),
            "two FastDays groups, each split into decayed and never-decayed parameters");
        var pytorch = WeightsFile.ReadStateDict(dir.File("after.pt"));
        foreach (var (name, p) in model.named_parameters())
        {
            var difference = (pytorch[name] - p).abs().max().item<double>();
            Assert.That(difference, Is.LessThan(1e-12), $"{kind}: {name} after PyTorch's step against FastDays'");
        }
        var moved = (pytorch["fc1.weight"] - WeightsFile.ReadStateDict(weights)["fc1.weight"]).abs().max().item<double>();
        Assert.That(moved, Is.GreaterThan(1e-4), "the step changed the weights");
    }

    [Test]
    public void DecoupledSgdWeightDecayIsRefusedWithTheReason()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var model = nn.Linear(2, 1);
        using var opt = new SgdOptimizer(model.parameters(), lr: 0.1, mom: 0.9, wd: 0.01);
        Assert.That(() => opt.SavePyTorch(dir.File("sgd.pt")),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("PyTorch's SGD applies weight decay as L2").And.Message.Contains("wd 0.01"));
        Assert.That(File.Exists(dir.File("sgd.pt")), Is.False);
    }

    private static string RunPython(params string[] args)
    {
        var info = new ProcessStartInfo(PythonFixtures.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error.Result);
        return output;
    }
}
