using System.Diagnostics;

namespace FastDays.Examples.Commands;

/// <summary>Chapter 17 of the book: matrix multiplication from loops to broadcasting to matmul (timed), a Linear–ReLU–Linear network with MSE whose
/// backward pass is written by hand and checked against autograd, and why initialisation matters through 50 layers.</summary>
internal sealed class FoundationsCommand : ExampleCommand<FoundationsOptions>
{
    /// <inheritdoc />
    public override string Name => "foundations";

    /// <inheritdoc />
    public override string Summary => "Chapter 17: matmul from three loops to broadcasting, a hand-written backward pass, initialisation through 50 layers";

    /// <inheritdoc />
    public override int Run(FoundationsOptions o)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        manual_seed(o.Seed);

        // 1. (5, 784) @ (784, 10), as the book multiplies 5 images by a layer's weights.
        var a = rand(5, 784);
        var b = randn(784, 10);
        var (aa, ba) = (a.data<float>().ToArray(), b.data<float>().ToArray());
        var reference = a.matmul(b);
        Console.WriteLine($"1. matrix product (5, 784) @ (784, 10), median of {o.Repeats} runs:");
        Product("three loops over C# arrays (JIT-compiled)", o.Repeats, reference, () =>
        {
            var c = new float[50];
            for (var i = 0; i < 5; i++)
                for (var j = 0; j < 10; j++)
                {
                    var sum = 0f;
                    for (var k = 0; k < 784; k++) sum += aa[i * 784 + k] * ba[k * 10 + j];
                    c[i * 10 + j] = sum;
                }
            return tensor(c, [5, 10]);
        });
        Product("three loops, one TorchSharp call per element", 1, reference, () =>
        {
            var c = zeros(5, 10);
            for (var i = 0; i < 5; i++)
                for (var j = 0; j < 10; j++)
                {
                    using var row = NewDisposeScope();
                    var sum = 0f;
                    for (var k = 0; k < 784; k++) sum += a[i, k].item<float>() * b[k, j].item<float>();
                    c[i, j] = sum;
                }
            return c;
        });
        Product("one loop: a row times the matrix by broadcasting", o.Repeats, reference, () =>
            stack([.. Enumerable.Range(0, 5).Select(i => a[i].unsqueeze(-1).mul(b).sum([0L]))]));   // (784, 1) * (784, 10) summed over rows
        Product("matmul (libtorch)", o.Repeats, reference, () => a.matmul(b));

        // 2. A Linear–ReLU–Linear network with MSE: the forward pass, the backward pass by hand (the chain rule, layer by layer), and autograd.
        var x = randn([200, 10], dtype: ScalarType.Float64);
        var y = randn([200, 1], dtype: ScalarType.Float64);
        var w1 = randn([10, 50], dtype: ScalarType.Float64).mul(scalars.Of(Math.Sqrt(2.0 / 10))).requires_grad_();
        var b1 = zeros([50], dtype: ScalarType.Float64).requires_grad_();
        var w2 = randn([50, 1], dtype: ScalarType.Float64).mul(scalars.Of(Math.Sqrt(2.0 / 50))).requires_grad_();
        var b2 = zeros([1], dtype: ScalarType.Float64).requires_grad_();
        var l1 = x.matmul(w1).add(b1, ScalarScope.One);   // (200, 50)
        var l2 = l1.relu();
        var output = l2.matmul(w2).add(b2, ScalarScope.One);   // (200, 1)
        var diff = output.sub(y);
        var loss = diff.mul(diff).mean();
        loss.backward();
        using (no_grad())
        {
            var outputGrad = diff.mul(scalars.Of(2.0 / 200));                     // d(mean of squares)/d(output)
            var w2Grad = l2.t().matmul(outputGrad);                               // (50, 1)
            var b2Grad = outputGrad.sum([0]);
            var l2Grad = outputGrad.matmul(w2.t());                               // (200, 50)
            var l1Grad = l2Grad.mul(l1.gt(scalars.Of(0.0)).to_type(ScalarType.Float64));   // ReLU passes the gradient where its input was positive
            var w1Grad = x.t().matmul(l1Grad);                                    // (10, 50)
            var b1Grad = l1Grad.sum([0]);
            Console.WriteLine($"\n2. Linear(10, 50)–ReLU–Linear(50, 1) with MSE on 200 examples: loss {loss.item<double>():F6}; backward by hand vs autograd:");
            foreach (var (name, hand, auto) in new[] { ("w1", w1Grad, w1.grad!), ("b1", b1Grad, b1.grad!), ("w2", w2Grad, w2.grad!), ("b2", b2Grad, b2.grad!) })
                Console.WriteLine($"   d loss / d {name} {Formats.Shape(hand),-9} max |hand − autograd| = " +
                    $"{hand.sub(auto).abs().max().item<double>():E2}");
        }

        // 3. Initialisation: the standard deviation of the activations after many Linear(100, 100)–ReLU layers.
        Console.WriteLine($"\n3. std of the activations after {o.Layers} Linear(100, 100)–ReLU layers, from inputs of std 1:");
        foreach (var (name, scale) in new (string, double)[]
        {
            ("randn (std 1)", 1), ("randn × 0.01", 0.01), ("Xavier: randn / √100", 1 / Math.Sqrt(100)), ("Kaiming: randn × √(2/100)", Math.Sqrt(2.0 / 100)),
        })
            Console.WriteLine($"   {name,-32} {Depth(o.Layers, () => randn(100, 100).mul(scalars.Of(scale))),12:G4}");
        Console.WriteLine($"   {"TorchSharp's nn.Linear default",-32} {Depth(o.Layers, () => nn.Linear(100, 100).weight!.detach().t()),12:G4}");
        Console.WriteLine("   (a std of 1 is multiplied by about √(100) per layer, 0.01 divides it by 10, Xavier's 1/√n keeps it only without ReLU,\n" +
            "   which halves the variance: Kaiming's √(2/n) makes up for that; TorchSharp's default, like PyTorch's, is uniform with std 1/√(3n))");
        return 0;
    }

    private static double Depth(int layers, Func<Tensor> weight)
    {
        using var scope = NewDisposeScope();
        var x = randn(200, 100);
        for (var i = 0; i < layers; i++) x = x.matmul(weight()).relu();
        return x.std().item<float>();
    }

    private static void Product(string name, int repeats, Tensor reference, Func<Tensor> multiply)
    {
        using var scope = NewDisposeScope();
        var result = multiply();   // warm-up
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            result = multiply();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        var median = times.Order().ElementAt(times.Count / 2);
        var error = result.sub(reference).abs().max().item<float>();
        Console.WriteLine($"   {name,-48} {median * 1e3,10:F3} ms   max |difference from matmul| {error:E1}");
    }
}
