using System.Text.Json;
using FastDays.Optimizers;
using FastDays.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Optimizers;

/// <summary>Our optimizers against PyTorch's on the same float64 parameters and gradients (FastDays.Tests/Fixtures/optimizers.py), Lookahead
/// against the paper's algorithm written around PyTorch's.</summary>
public class OptimizerParityTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(PythonFixtures.Generate("optimizers.py"), "optimizers.json"))).RootElement);

    private static readonly Dictionary<string, Func<IReadOnlyList<Parameter>, Optimizer>> Cases = new()
    {
        ["sgd"] = ps => new SgdOptimizer([ps], lr: 0.1, mom: 0),
        ["sgd_momentum"] = ps => new SgdOptimizer([ps], lr: 0.1, mom: 0.9),
        ["sgd_momentum_l2"] = ps => new SgdOptimizer([ps], lr: 0.1, mom: 0.9, wd: 0.01, decoupleWd: false),
        ["adam_l2"] = ps => new AdamOptimizer(ps, lr: 0.01, wd: 0.01, decoupleWd: false),
        ["adamw"] = ps => new AdamOptimizer(ps, lr: 0.01, wd: 0.01),
        ["adam_pytorch_defaults"] = ps => new AdamOptimizer(ps, lr: 1e-3, mom: 0.9, sqrMom: 0.999, eps: 1e-8, wd: 0),
        ["radam_l2"] = ps => new RAdamOptimizer([ps], lr: 0.01, eps: 1e-8, wd: 0.01, decoupleWd: false),
        ["adamw_lookahead"] = ps => OptFuncs.Lookahead((g, lr) => new AdamOptimizer(g, lr, wd: 0.01), k: 2)([ps], 0.01),
        ["sgd_momentum_lookahead"] = ps => new SgdOptimizer([ps], lr: 0.1, mom: 0.9) { Lookahead = new LookaheadOptions(4, 0.8) },
    };

    [NeedsPyTorch]
    [TestCaseSource(nameof(CaseNames))]
    public void EveryStepMatchesPyTorch(string name)
    {
        var reference = Reference.Value;
        var shapes = reference.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(d => d.GetInt64()).ToArray()).ToList();
        var init = reference.GetProperty("init").EnumerateArray().ToList();
        var ps = shapes.Select((s, i) => new Parameter(tensor(Doubles(init[i]), dtype: ScalarType.Float64).reshape(s))).ToList();
        var opt = Cases[name](ps);
        var expected = reference.GetProperty("cases").GetProperty(name).EnumerateArray().ToList();
        var grads = reference.GetProperty("grads").EnumerateArray().ToList();
        for (var step = 0; step < grads.Count; step++)
        {
            var g = grads[step].EnumerateArray().ToList();
            for (var i = 0; i < ps.Count; i++) ps[i].grad = tensor(Doubles(g[i]), dtype: ScalarType.Float64).reshape(shapes[i]);
            opt.Step();
            var want = expected[step].EnumerateArray().ToList();
            for (var i = 0; i < ps.Count; i++)
            {
                var diff = ps[i].detach().flatten().data<double>().ToArray().Zip(Doubles(want[i]), (a, b) => Math.Abs(a - b)).Max();
                Assert.That(diff, Is.LessThanOrEqualTo(1e-6), $"{name}: parameter {i} after step {step + 1}");
            }
        }
    }

    [Test]
    public void FastaiDefaultsAreAdamWWithEps1e5AndBetas09099()
    {
        var opt = new AdamOptimizer([new Parameter(zeros(2))], lr: 1e-3);
        var h = opt.ParamGroups[0].Hypers;
        Assert.That((h["mom"], h["sqr_mom"], h["eps"], h["wd"]), Is.EqualTo((0.9, 0.99, 1e-5, 0.01)));
    }

    public static IEnumerable<string> CaseNames() => Cases.Keys;

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];
}
