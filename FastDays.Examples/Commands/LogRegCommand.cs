using System.Diagnostics;
using System.Globalization;
using FastDays.Foundations;
using FastDays.Plotting;

namespace FastDays.Examples.Commands;

/// <summary>Logistic regression twice, by hand and with autograd, on two Fashion-MNIST classes, plus gradient check and loop timing.</summary>
internal sealed class LogRegCommand : ExampleCommand<LogRegOptions>
{
    /// <inheritdoc />
    public override string Name => "logreg";

    /// <inheritdoc />
    public override string Summary => "Logistic regression by hand and with autograd on Shirt vs T-shirt/top, a gradient check and loop timing";

    /// <inheritdoc />
    public override int Run(LogRegOptions o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var (negative, positive) = ParseClasses(o.Classes);
        var printEvery = Math.Max(1, o.PrintEvery);
        if (o.Iters < 1) throw new ArgumentException($"option --iters must be at least 1, got {o.Iters}");

        // 1. The task: two classes, each 28x28 image flattened to a column of 784 standardised pixels.
        Console.WriteLine($"data: {data.Describe()}");
        using var task = BinaryFashionTask.Create(data, negative, positive);
        Console.WriteLine($"task: {task.Describe()}");
        Console.WriteLine($"X_train {Shape(task.XTrain)}, Y_train {Shape(task.YTrain)}, X_test {Shape(task.XTest)}; pixels/255 standardised with " +
            $"mean {task.Mean:F4}, std {task.Std:F4}");

        // 2. The same start for both: w = 0 (784, 1), b = 0.
        using var byHand = ScratchLogisticRegression.InitializeWithZeros(task.Features);
        using var withAutograd = new AutogradLogisticRegression(byHand.W, byHand.B);

        // 3. Train both with full-batch gradient descent.
        var watch = Stopwatch.StartNew();
        var handCosts = byHand.Optimize(task.XTrain, task.YTrain, o.Iters, o.Lr);
        var handSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var autogradCosts = withAutograd.Fit(task.XTrain, task.YTrain, o.Iters, o.Lr);
        var autogradSeconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"\n{"iter",6}  {"cost by hand",14}  {"cost autograd",14}  {"|difference|",12}");
        for (var i = 0; i < o.Iters; i++)
            if (i % printEvery == 0 || i == o.Iters - 1)
                Console.WriteLine($"{i,6}  {handCosts[i],14:F8}  {autogradCosts[i],14:F8}  {Math.Abs(handCosts[i] - autogradCosts[i]),12:E2}");
        var maxCostDifference = handCosts.Zip(autogradCosts, (h, a) => Math.Abs(h - a)).Max();
        Console.WriteLine($"max |cost difference| over {o.Iters} iterations: {maxCostDifference:E2}; training time: by hand {handSeconds:F2}s, " +
            $"autograd {autogradSeconds:F2}s");

        // 4. Accuracy of both: they must agree.
        var accuracies = new[]
        {
            ("by hand", byHand.Accuracy(task.XTrain, task.YTrain), byHand.Accuracy(task.XTest, task.YTest)),
            ("autograd", withAutograd.Accuracy(task.XTrain, task.YTrain), withAutograd.Accuracy(task.XTest, task.YTest)),
        };
        Console.WriteLine($"\n{"model",-10}  {"train acc",9}  {"test acc",9}");
        foreach (var (name, train, test) in accuracies) Console.WriteLine($"{name,-10}  {train,9:P2}  {test,9:P2}");
        var agree = Math.Abs(accuracies[0].Item3 - accuracies[1].Item3) < 1e-12 && Math.Abs(accuracies[0].Item2 - accuracies[1].Item2) < 1e-12;
        Console.WriteLine(agree ? "the two implementations agree" : "WARNING: the two implementations disagree");

        // 5. Gradient check at the trained parameters on the first examples.
        var checkCount = Math.Clamp(o.CheckExamples, 1, (int)task.XTrain.shape[1]);
        using (var scope = NewDisposeScope())
        {
            var xCheck = task.XTrain.narrow(1, 0, checkCount);   // (784, k)
            var yCheck = task.YTrain.narrow(1, 0, checkCount);   // (1, k)
            var report = GradientCheck.Run(xCheck, yCheck, byHand.W, byHand.B);
            Console.WriteLine($"\ngradient check at the trained w, b on {checkCount} examples (finite-difference step {report.Epsilon:E0}):");
            Console.Write(report.Format());
        }

        // 6. Loops vs vectorized: one forward + backward pass over all training examples.
        TimeLoopVersusVectorized(task);

        // 7. The two cost curves.
        var title =
            $"Logistic regression, {FashionMnist.Classes[positive]} vs {FashionMnist.Classes[negative]} (lr {o.Lr.ToString(CultureInfo.InvariantCulture)})";
        new LinePlot { Title = title, XLabel = "iteration", YLabel = "cost J" }
            .Add("by hand (vectorized)", handCosts)
            .Add("autograd + SGD (dashed)", autogradCosts, dashed: true)
            .Save(o.Out);
        Console.WriteLine($"\nwrote {Path.GetFullPath(o.Out)}{(LinePlot.CanDrawText ? "" : " (no font found: lines only)")}");
        return agree ? 0 : 1;
    }

    private static void TimeLoopVersusVectorized(BinaryFashionTask task)
    {
        var m = task.XTrain.shape[1];
        var xs = LoopLogisticRegression.ExamplesFromColumns(task.XTrain);   // m x 784 doubles, example after example
        var ys = task.YTrain.reshape(-1).data<double>().ToArray();
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var w = randn(task.Features, 1, dtype: ScalarType.Float64, generator: new Generator(0)).mul(scalars.Of(0.01));   // (784, 1)
        var b = tensor(0.0, dtype: ScalarType.Float64);
        var loop = new LoopLogisticRegression(w.reshape(-1).data<double>().ToArray(), 0.0);
        using var vectorized = new ScratchLogisticRegression(w, b);

        var loopGradients = loop.Propagate(xs, ys);   // warm-up (JIT)
        using (var warm = vectorized.Propagate(task.XTrain, task.YTrain))
        {
            var row = GradientCheck.Compare("loop vs vectorized", [.. loopGradients.Dw, loopGradients.Db], warm.ToArray());
            Console.WriteLine($"\nloop vs vectorized on m = {m} examples: max |dw, db difference| {row.MaxAbsError:E2}, cost difference " +
                $"{Math.Abs(loopGradients.Cost - warm.Cost):E2}");
        }

        var loopSeconds = Median(5, () => loop.Propagate(xs, ys));
        var threads = get_num_threads();
        var vectorizedSeconds = Median(21, () => vectorized.Propagate(task.XTrain, task.YTrain).Dispose());
        set_num_threads(1);
        var singleThreadSeconds = Median(21, () => vectorized.Propagate(task.XTrain, task.YTrain).Dispose());
        set_num_threads(threads);
        using var x32 = task.XTrain.to_type(ScalarType.Float32);
        using var y32 = task.YTrain.to_type(ScalarType.Float32);
        using var vectorized32 = new ScratchLogisticRegression(w.to_type(ScalarType.Float32), b.to_type(ScalarType.Float32));
        var float32Seconds = Median(21, () => vectorized32.Propagate(x32, y32).Dispose());
        Console.WriteLine($"one forward + backward pass (median): loops {loopSeconds * 1e3:F1} ms, " +
                          $"vectorized {vectorizedSeconds * 1e3:F2} ms on {threads} thread(s), {singleThreadSeconds * 1e3:F2} ms on 1 thread, " +
                              $"{float32Seconds * 1e3:F2} ms in float32");
        Console.WriteLine($"speed-up of vectorization (both float64): {loopSeconds / vectorizedSeconds:F1}x " +
            $"({loopSeconds / singleThreadSeconds:F1}x on one thread; {loopSeconds / float32Seconds:F1}x with float32 tensors)" +
                          (m < 10_000 ? $"; only {m} examples here, use --data full for m >= 10,000" : ""));
        Console.WriteLine("(C# loops are compiled to machine code, so the gap is far smaller than Python's; one pass reads X, about " +
                          $"{task.XTrain.numel() * 8 / 1e6:F0} MB in float64, so both versions are mostly limited by memory bandwidth)");
    }

    private static double Median(int repeats, Action action)
    {
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static (int Negative, int Positive) ParseClasses(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var negative)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var positive))
            return (negative, positive);
        throw new ArgumentException($"option --classes takes two labels 'y0,y1' such as 0,6 (T-shirt/top vs Shirt), not '{text}'");
    }

    private static string Shape(Tensor t) => $"({string.Join(", ", t.shape)})";
}
