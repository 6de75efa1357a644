using FastDays.Losses;
using FastDays.Optimizers;

namespace FastDays.Examples.Commands;

/// <summary>Chapter 4 of the book on two Fashion-MNIST classes: a pixel-similarity baseline, stochastic gradient descent written from scratch,
/// and the same model trained by a Learner.</summary>
internal sealed class MnistBasicsCommand : ExampleCommand<MnistBasicsOptions>
{
    /// <inheritdoc />
    public override string Name => "mnist-basics";

    /// <inheritdoc />
    public override string Summary => "Chapter 4: pixel similarity, SGD from scratch and a Learner on two Fashion-MNIST classes";

    /// <inheritdoc />
    public override int Run(MnistBasicsOptions o)
    {
        if (o.Classes is not [var negative, var positive] || negative == positive || o.Classes.Any(c => c is < 0 or > 9))
            throw new ArgumentException("option --classes takes two different class indices from 0 to 9, such as 5,7");
        var data = DataChoice.LoadFashionMnist(o.Data);
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var (xTrain, yTrain) = TwoClasses(data.Train, negative, positive);   // (n, 784) in [0, 1], (n, 1) with 1 for the positive class
        var (xValid, yValid) = TwoClasses(data.Test, negative, positive);
        Console.WriteLine($"{FashionMnist.Classes[positive]} (1) vs {FashionMnist.Classes[negative]} (0): {xTrain.shape[0]} training and " +
            $"{xValid.shape[0]} validation images of 28×28 = 784 pixels, from {data.Describe()}");

        // 1. Pixel similarity: the mean image of each class; an image belongs to the class whose mean it is closer to.
        var meanPositive = xTrain[yTrain.squeeze(1).eq(scalars.Of(1.0))].mean([0]);   // (784)
        var meanNegative = xTrain[yTrain.squeeze(1).eq(scalars.Of(0.0))].mean([0]);
        foreach (var (name, distance) in new (string, Func<Tensor, Tensor, Tensor>)[]
        {
            ("L1 (mean absolute difference)", (x, m) => x.sub(m).abs().mean([1])),
            ("L2 (root mean squared difference)", (x, m) => x.sub(m) is var d ? d.mul(d).mean([1]).sqrt() : d),
        })
        {
            var isPositive = distance(xValid, meanPositive).lt(distance(xValid, meanNegative));   // broadcasting: (n, 784) − (784)
            Console.WriteLine($"1. pixel similarity, {name}: accuracy {Accuracy(isPositive, yValid):F4}");
        }

        // 2. SGD from scratch: a linear model, sigmoid predictions, the book's mnist_loss, and the seven steps, by hand.
        manual_seed(o.Seed);
        var weights = randn(784, 1).requires_grad_();   // init: parameters drawn at random
        var bias = randn(1).requires_grad_();
        var lr = scalars.Of(1.0);
        for (var epoch = 0; epoch < o.Epochs; epoch++)
            foreach (var batch in Batches(xTrain.shape[0], 256, o.Seed + epoch))
            {
                using var step = NewDisposeScope();
                var (xb, yb) = (xTrain[batch], yTrain[batch]);
                var predictions = xb.matmul(weights).add(bias, ScalarScope.One).sigmoid();                 // predict
                var loss = where(yb.eq(scalars.Of(1.0)), predictions.neg().add(scalars.Of(1.0), ScalarScope.One), predictions).mean();   // loss
                loss.backward();                                                            // gradient
                using (no_grad())
                {
                    weights.sub_(weights.grad!.mul(lr));                                     // step
                    bias.sub_(bias.grad!.mul(lr));
                }
                weights.grad!.zero_().Dispose();
                bias.grad!.zero_().Dispose();
            }
        using (no_grad())
            Console.WriteLine($"2. SGD from scratch (linear model, mnist_loss, lr 1, {o.Epochs} epochs): accuracy " +
                $"{Accuracy(xValid.matmul(weights).add(bias, ScalarScope.One).gt(scalars.Of(0.0)), yValid):F4}");

        // 3. The same with a Learner: a small neural net (Linear–ReLU–Linear), mnist_loss as the loss, plain SGD, the batch accuracy as metric.
        manual_seed(o.Seed);
        var dls = DataLoaders.FromTensors(xTrain, yTrain, xValid, yValid, batchSize: 256, seed: o.Seed);
        var net = nn.Sequential(("0", nn.Linear(784, 30)), ("1", nn.ReLU()), ("2", nn.Linear(30, 1)));
        var mnistLoss = LossFunction.FromFunc((output, target) =>
        {
            var p = output.sigmoid();
            return where(target.eq(scalars.Of(1.0)), p.neg().add(scalars.Of(1.0), ScalarScope.One), p).mean();
        });
        var batchAccuracy = new AvgMetric("batch_accuracy", (output, target) => output.gt(scalars.Of(0.0)).eq(target.gt(scalars.Of(0.5)))
            .to_type(ScalarType.Float64).mean());
        var learn = new Learner(dls, net, mnistLoss, OptFuncs.Sgd(mom: 0), 0.1, metrics: [batchAccuracy]);
        learn.Fit(o.Epochs, 0.1);
        Console.WriteLine($"3. Learner (784–30–1 net, mnist_loss, SGD lr 0.1, {o.Epochs} epochs): accuracy {learn.Recorder.Last("batch_accuracy"):F4}");
        return 0;
    }

    private static (Tensor X, Tensor Y) TwoClasses(LabelledImages images, int negative, int positive)
    {
        var x = images.ImagesTensor().reshape(-1, 784);
        var y = images.LabelsTensor();
        using var scalars = new ScalarScope();
        var keep = y.eq(scalars.Of((long)negative)).logical_or(y.eq(scalars.Of((long)positive)));
        return (x[keep], y[keep].eq(scalars.Of((long)positive)).to_type(ScalarType.Float32).unsqueeze(1));
    }

    private static double Accuracy(Tensor predictedPositive, Tensor y) =>
        predictedPositive.reshape(-1).eq(y.reshape(-1).to_type(ScalarType.Bool)).to_type(ScalarType.Float64).mean().item<double>();

    private static IEnumerable<Tensor> Batches(long n, int size, int seed)
    {
        var order = randperm(n, generator: new Generator((ulong)seed));
        for (long i = 0; i < n; i += size) yield return order.narrow(0, i, Math.Min(size, n - i));
    }
}
