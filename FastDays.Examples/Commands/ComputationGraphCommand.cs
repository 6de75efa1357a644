using FastDays.Foundations;

namespace FastDays.Examples.Commands;

/// <summary>Day 3 of the journey: the computation graph of J = 3(a + bc) and of logistic regression for one example, forward node by node,
/// backward by the chain rule, checked against FastDays' tape (Value) and TorchSharp's autograd; then gradient descent on a one-parameter cost.</summary>
internal sealed class ComputationGraphCommand : ExampleCommand<ComputationGraphOptions>
{
    /// <inheritdoc />
    public override string Name => "computation-graph";

    /// <inheritdoc />
    public override string Summary => "Day 3: forward and backward through computation graphs by hand, with a tape of Values and with TorchSharp's autograd";

    /// <inheritdoc />
    public override int Run(ComputationGraphOptions o)
    {
        using var scope = NewDisposeScope();
        // 1. J = 3(a + bc) with a = 5, b = 3, c = 2: the forward pass, one node at a time.
        Console.WriteLine("1. J = 3(a + b·c), a = 5, b = 3, c = 2\n   forward:  u = b·c = 6,  v = a + u = 11,  J = 3v = 33");
        // Backward by the chain rule, from J back to the inputs.
        (double dv, double du, double da) = (3, 3 * 1, 3 * 1);          // dJ/dv = 3; dJ/du = dJ/dv · dv/du = 3; dJ/da = dJ/dv · dv/da = 3
        (double db, double dc) = (du * 2, du * 3);                       // dJ/db = dJ/du · du/db = 3c = 6; dJ/dc = dJ/du · du/dc = 3b = 9
        var a = new Value(5, "a");
        var b = new Value(3, "b");
        var c = new Value(2, "c");
        var u = (b * c).As("u");
        var v = (a + u).As("v");
        var j = (3 * v).As("J");
        j.Backward();
        using var ta = tensor(5.0, requires_grad: true);
        using var tb = tensor(3.0, requires_grad: true);
        using var tc = tensor(2.0, requires_grad: true);
        using var scalars = new ScalarScope();
        var tj = ta.add(tb.mul(tc), ScalarScope.One).mul(scalars.Of(3.0));
        tj.backward();
        Console.WriteLine($"   {"derivative",-10} {"chain rule",-28} {"by hand",8} {"Value tape",11} {"TorchSharp",11}");
        Row("dJ/dv", "3", dv, v.Grad, double.NaN);
        Row("dJ/du", "dJ/dv · dv/du = 3 · 1", du, u.Grad, double.NaN);
        Row("dJ/da", "dJ/dv · dv/da = 3 · 1", da, a.Grad, Grad(ta));
        Row("dJ/db", "dJ/du · du/db = 3 · c", db, b.Grad, Grad(tb));
        Row("dJ/dc", "dJ/du · du/dc = 3 · b", dc, c.Grad, Grad(tc));

        // 2. Logistic regression for one example: z = w1·x1 + w2·x2 + b → a = σ(z) → L(a, y) = −(y log a + (1 − y) log(1 − a)).
        Console.WriteLine("\n2. logistic regression, one example: z = w1·x1 + w2·x2 + b,  a = σ(z),  L = −(y·log a + (1 − y)·log(1 − a))");
        double[] x = [1.5, -0.5];
        double[] w = [0.8, -1.2];
        (double bias, double y) = (0.1, 1);
        var z = w[0] * x[0] + w[1] * x[1] + bias;
        var s = 1 / (1 + Math.Exp(-z));
        Console.WriteLine($"   x = ({x[0]}, {x[1]}), w = ({w[0]}, {w[1]}), b = {bias}, y = {y}:  z = {z:F4},  a = σ(z) = {s:F6}");
        Console.WriteLine("   da = dL/da = −y/a + (1 − y)/(1 − a);  dz = da · a(1 − a) = a − y;  dw_i = x_i · dz;  db = dz");
        var dz = s - y;
        var W1 = new Value(w[0], "w1");
        var W2 = new Value(w[1], "w2");
        var B = new Value(bias, "b");
        var Z = ((W1 * x[0]).As("w1·x1") + (W2 * x[1]).As("w2·x2") + B).As("z");
        var A = Z.Sigmoid().As("a");
        var logA = A.Log().As("log a");
        var log1MinusA = (1 - A).As("1−a").Log().As("log(1−a)");
        var L = (-(y * logA + (1 - y) * log1MinusA).As("−L")).As("L");
        L.Backward();
        using var tw = tensor(w, requires_grad: true);
        using var tbias = tensor(bias, requires_grad: true);
        var tz = tw.dot(tensor(x)).add(tbias, ScalarScope.One);
        var loss = nn.functional.binary_cross_entropy_with_logits(tz, tensor(y, ScalarType.Float64));
        loss.backward();
        Console.WriteLine($"   {"derivative",-10} {"derived",-28} {"by hand",8} {"Value tape",11} {"TorchSharp",11}");
        Row("dL/dz", "a − y", dz, Z.Grad, double.NaN);
        Row("dL/dw1", "x1 · (a − y)", x[0] * dz, W1.Grad, Grad(tw, 0));
        Row("dL/dw2", "x2 · (a − y)", x[1] * dz, W2.Grad, Grad(tw, 1));
        Row("dL/db", "a − y", dz, B.Grad, Grad(tbias));

        // 3. The graph itself: FastDays' tape walked in topological order, and as a Graphviz file.
        Console.WriteLine("\n3. the graph of L, inputs first (Value.Graph()):");
        foreach (var node in L.Graph().Where(n => n.Op.Length > 0 || !double.TryParse(n.Label, System.Globalization.CultureInfo.InvariantCulture, out _)))
            Console.WriteLine($"   {(node.Label.Length > 0 ? node.Label : "·"),-9} = {node.Describe(),-34} data {node.Data,10:F6}   grad {node.Grad,10:F6}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o.Out))!);
        FastDays.Persistence.AtomicFile.WriteAllBytes(o.Out, System.Text.Encoding.UTF8.GetBytes(L.ToDot()));
        Console.WriteLine($"   Graphviz: {o.Out} (dot -Tpng {o.Out} -o graph.png)");

        // 4. Gradient descent on J(w) = (w − 3)²: dJ/dw = 2(w − 3), w ← w − lr · dJ/dw.
        Console.WriteLine($"\n4. gradient descent on J(w) = (w − 3)², from w = 0, lr = {o.Lr}:");
        var weight = 0.0;
        for (var step = 0; step <= o.Steps; step++)
        {
            var cost = (weight - 3) * (weight - 3);
            var grad = 2 * (weight - 3);
            Console.WriteLine($"   step {step,3}: w = {weight,9:F6}   J(w) = {cost,10:F6}   dJ/dw = {grad,10:F6}");
            weight -= o.Lr * grad;
        }
        Console.WriteLine("   the same update, for the 784 weights and the bias of logistic regression: the `logreg` command");
        return 0;
    }

    private static double Grad(Tensor t, int i = -1) => (i < 0 ? t.grad! : t.grad![i]).item<double>();

    private static void Row(string name, string rule, double byHand, double tape, double torch) =>
        Console.WriteLine($"   {name,-10} {rule,-28} {byHand,8:F4} {tape,11:F4} " +
            $"{(double.IsNaN(torch) ? "(inner)" : torch.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)),11}");
}
