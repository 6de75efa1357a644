using System.Diagnostics;
using FastDays.Examples.Cli;
using FastDays.Vision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FastDays.Examples.Commands;

/// <summary>README command 1: trains a small CNN on the best Fashion-MNIST copy found.</summary>
public sealed class TrainCommand : IExampleCommand
{
    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => "train a small CNN on Fashion-MNIST (--data auto|full|tiny|DIR, --epochs, --lr, --bs, --device, --seed)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        var data = DataChoice.LoadFashionMnist(args.Get("data"));
        var epochs = args.GetInt("epochs", 5);
        var lr = args.GetDouble("lr", 1e-3);
        var bs = args.GetInt("bs", 128);
        var device = TorchDevices.Resolve(args.Get("device"));
        var seed = args.GetInt("seed", 42);
        args.RejectUnknown();

        Console.WriteLine($"data: {data.Describe()}");
        Console.WriteLine($"device: {device}, epochs: {epochs}, lr: {lr}, batch size: {bs}, seed: {seed}");
        manual_seed(seed);
        using var xTrain = data.Train.ImagesTensor();   // (n, 1, 28, 28)
        using var yTrain = data.Train.LabelsTensor();   // (n)
        using var xTest = data.Test.ImagesTensor();
        using var yTest = data.Test.LabelsTensor();
        var model = SimpleCnn.Create(1, 10).to(device);
        var optimizer = optim.Adam(model.parameters(), lr);
        var lossFn = nn.CrossEntropyLoss();
        var generator = new Generator((ulong)seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            model.train();
            double lossSum = 0;
            var n = 0;
            using (var order = randperm(xTrain.shape[0], generator: generator))
            {
                for (long start = 0; start < xTrain.shape[0]; start += bs)
                {
                    using var scope = NewDisposeScope();
                    var idx = order.narrow(0, start, Math.Min(bs, xTrain.shape[0] - start));
                    var x = xTrain.index_select(0, idx).to(device);
                    var y = yTrain.index_select(0, idx).to(device);
                    var loss = lossFn.forward(model.forward(x), y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * idx.shape[0];
                    n += (int)idx.shape[0];
                }
            }
            var (validLoss, accuracy) = Evaluate(model, lossFn, xTest, yTest, bs, device);
            Console.WriteLine($"epoch {epoch}  train_loss {lossSum / n:F4}  valid_loss {validLoss:F4}  accuracy {accuracy:F4}  time {watch.Elapsed.TotalSeconds:F1}s");
        }
        return 0;
    }

    private static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> lossFn, Tensor x, Tensor y, int bs, Device device)
    {
        model.eval();
        using var _ = no_grad();
        double loss = 0, correct = 0;
        for (long start = 0; start < x.shape[0]; start += bs)
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(bs, x.shape[0] - start);
            var xb = x.narrow(0, start, len).to(device);
            var yb = y.narrow(0, start, len).to(device);
            var output = model.forward(xb);
            loss += lossFn.forward(output, yb).item<float>() * len;
            correct += output.argmax(1).eq(yb).sum().item<long>();
        }
        return (loss / x.shape[0], correct / x.shape[0]);
    }
}
