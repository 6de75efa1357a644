using System.Globalization;
using FastDays.Examples.Tabular;
using FastDays.Optimizers;
using FastDays.Plotting;
using FastDays.Tabular.Data;
using FastDays.Tabular.Learning;

namespace FastDays.Examples.Commands;

/// <summary>Day 1 of the journey: a neuron and a small network on house prices, supervised learning on a table, and why deep learning took off —
/// accuracy against the number of training examples for a linear model and networks of three sizes, measured.</summary>
internal sealed class Day1Command : ExampleCommand<Day1Options>
{
    /// <inheritdoc />
    public override string Name => "day1";

    /// <inheritdoc />
    public override string Summary => "Day 1: a neuron and a network on house prices, a tabular learner, and accuracy against data size per model size";

    /// <inheritdoc />
    public override int Run(Day1Options o)
    {
        using var scope = NewDisposeScope();
        // 1. Boston housing (scikit-learn's CSV): B dropped, as scikit-learn 1.2 dropped its loader over that column's racist assumption.
        var boston = SklearnTables.Boston(o.Sklearn);
        Console.WriteLine($"Boston housing: {boston.RowCount} districts; price = MEDV (median home value, $1000s); column B dropped (see `tabular`)");
        var split = TabularDataLoaders.FromTable(boston, "MEDV", validPct: 0.2, seed: o.Seed);
        Tensor Columns(Table t, params string[] names) =>
            stack([.. names.Select(n => tensor(t[n].Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray()))], 1).to_type(ScalarType.Float32);

        // The lecture's neuron: price from the size of the home (here RM, rooms per dwelling) through one ReLU unit.
        manual_seed(o.Seed);
        var (rooms, price) = (Columns(split.Train, "RM"), Columns(split.Train, "MEDV"));
        var (validRooms, validPrice) = (Columns(split.Valid, "RM"), Columns(split.Valid, "MEDV"));
        var neuron = nn.Sequential(("linear", nn.Linear(1, 1)), ("relu", nn.ReLU()));
        var rmse = Fit(neuron, Standardize(rooms, rooms), price, Standardize(validRooms, rooms), validPrice, steps: 3000);
        var (w, b) = (neuron.parameters().First().item<float>(), neuron.parameters().Last().item<float>());
        var (mean, std) = (rooms.mean().item<float>(), rooms.std().item<float>());
        Console.WriteLine($"\n1. one neuron: price = ReLU({w / std:F2} · rooms {b - w * mean / std:+0.00;−0.00}) — validation RMSE {rmse:F2} ($1000s)");

        // A few inputs feeding hidden units: size, the share of lower-status residents, pupils per teacher, distance to employment centres.
        string[] inputs = ["RM", "LSTAT", "PTRATIO", "DIS"];
        var (x, xValid) = (Columns(split.Train, inputs), Columns(split.Valid, inputs));
        var net = nn.Sequential(("hidden", nn.Linear(4, 8)), ("relu", nn.ReLU()), ("output", nn.Linear(8, 1)));
        rmse = Fit(net, Standardize(x, x), price, Standardize(xValid, x), validPrice, steps: 3000);
        Console.WriteLine($"   4 inputs ({string.Join(", ", inputs)}) → 8 hidden ReLU units → price: validation RMSE {rmse:F2}");

        // 2. Supervised learning on structured data: the tabular learner on all 12 columns against least squares, on the same split.
        manual_seed(o.Seed);
        var learn = TabularLearners.TabularLearner(split, metrics: [Metric.Rmse()], yRange: (0, 55));
        using (learn.NoBar()) learn.FitOneCycle(30, 1e-2);
        var ols = LinearBaseline.LeastSquaresRmse(split.Train, split.Valid, "MEDV", [.. boston.Names.Where(n => n != "MEDV")]);
        Console.WriteLine($"\n2. structured data, all 12 columns: tabular learner RMSE {learn.Recorder.Last("rmse"):F2}, linear regression (least squares) " +
            $"RMSE {ols:F2}. Unstructured data (images): `train` on Fashion-MNIST, `pets-style`.");

        // 3. Why now: accuracy on the same test set against the number of training examples, for a linear model and three networks.
        Scale(o);
        return 0;
    }

    private static Tensor Standardize(Tensor x, Tensor statistics)
    {
        using var scalars = new ScalarScope();
        return x.sub(statistics.mean([0])).div(statistics.std([0]));
    }

    // Full-batch Adam on the mean squared error; returns the validation RMSE.
    private static double Fit(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, Tensor xValid, Tensor yValid, int steps)
    {
        using var opt = new AdamOptimizer(model.parameters(), 0.05, wd: 0);
        for (var i = 0; i < steps; i++)
        {
            using var step = NewDisposeScope();
            nn.functional.mse_loss(model.forward(x), y).backward();
            opt.Step();
            opt.ZeroGrad();
        }
        using var noGrad = no_grad();
        return Math.Sqrt(nn.functional.mse_loss(model.forward(xValid), yValid).item<float>());
    }

    private static void Scale(Day1Options o)
    {
        var data = DataChoice.LoadFashionMnist(o.Data);
        var (xAll, yAll) = (data.Train.ImagesTensor().reshape(-1, 784), data.Train.LabelsTensor());
        var (xTest, yTest) = (data.Test.ImagesTensor().reshape(-1, 784), data.Test.LabelsTensor());
        var largest = (int)xAll.shape[0];
        var count = o.Quick ? 4 : 7;
        int[] sizes = [.. Enumerable.Range(0, count).Select(i => (int)Math.Round(300 * Math.Pow(largest / 300.0, i / (count - 1.0)))).Distinct()];
        var epochs = o.Quick ? 3 : 8;
        (string Name, Func<nn.Module<Tensor, Tensor>> Create)[] models =
        [
            ("logistic regression", () => nn.Sequential(("0", nn.Linear(784, 10)))),
            ("small net (16)", () => nn.Sequential(("0", nn.Linear(784, 16)), ("1", nn.ReLU()), ("2", nn.Linear(16, 10)))),
            ("medium net (128)", () => nn.Sequential(("0", nn.Linear(784, 128)), ("1", nn.ReLU()), ("2", nn.Linear(128, 10)))),
            ("large net (512, 512)", () => nn.Sequential(("0", nn.Linear(784, 512)), ("1", nn.ReLU()), ("2", nn.Linear(512, 512)), ("3", nn.ReLU()),
                ("4", nn.Linear(512, 10)))),
        ];
        Console.WriteLine($"\n3. test accuracy ({xTest.shape[0]} images) against training examples, {epochs} epochs (at least {epochs * 100} steps) of Adam, " +
            $"from {data.Describe()}:");
        Console.WriteLine($"   {"examples",9} {string.Concat(models.Select(m => $"{m.Name,22}"))}");
        var results = models.Select(_ => new List<(double, double)>()).ToArray();
        foreach (var n in sizes)
        {
            var order = randperm(largest, generator: new Generator((ulong)o.Seed))[..n];
            var (x, y) = (xAll[order], yAll[order]);
            var row = new List<double>();
            for (var m = 0; m < models.Length; m++)
            {
                manual_seed(o.Seed);
                var accuracy = TrainAndTest(models[m].Create(), x, y, xTest, yTest, epochs, o.Seed);
                results[m].Add((n, accuracy));
                row.Add(accuracy);
            }
            Console.WriteLine($"   {n,9} {string.Concat(row.Select(a => $"{a,22:P1}"))}");
        }
        var plot = new LinePlot { Title = "Scale drives performance (Fashion-MNIST)", XLabel = "training examples", YLabel = "test accuracy", LogX = true };
        for (var m = 0; m < models.Length; m++) plot.Add(models[m].Name, results[m]);
        var png = Path.Combine(o.Out, "scale.png");
        plot.Save(png);
        // What the measured curves show, in numbers: the gain of the last step in data, and the gap between the largest net and the linear model.
        double Gain(int m) => results[m][^1].Item2 - results[m][^2].Item2;
        Console.WriteLine($"   gain from the last step in data: linear {Gain(0):+0.0%;-0.0%}, large net {Gain(3):+0.0%;-0.0%}; at the most data " +
            "the large net " +
            $"is {results[3][^1].Item2 - results[0][^1].Item2:+0.0%;-0.0%} above the linear model, at the least " +
                $"{results[3][0].Item2 - results[0][0].Item2:+0.0%;-0.0%}");
        Console.WriteLine($"   plot: {png}");
    }

    private static double TrainAndTest(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, Tensor xTest, Tensor yTest, int epochs, int seed)
    {
        using var scope = NewDisposeScope();
        using var opt = new AdamOptimizer(model.parameters(), 1e-3, wd: 0);
        const int bs = 128;
        var n = (int)x.shape[0];
        var steps = Math.Max(epochs * 100, epochs * ((n + bs - 1) / bs));   // at least 100 steps an epoch, so small sets are fitted too
        var generator = new Generator((ulong)seed);
        var order = randperm(n, generator: generator);
        for (int step = 0, at = 0; step < steps; step++, at += bs)
        {
            using var batchScope = NewDisposeScope();
            if (at >= n) (order, at) = (randperm(n, generator: generator).MoveToOuterDisposeScope(), 0);
            var batch = order.narrow(0, at, Math.Min(bs, n - at));
            nn.functional.cross_entropy(model.forward(x[batch]), y[batch]).backward();
            opt.Step();
            opt.ZeroGrad();
        }
        using var noGrad = no_grad();
        return model.forward(xTest).argmax(1).eq(yTest).to_type(ScalarType.Float64).mean().item<double>();
    }
}
