using FastDays.Callbacks;
using FastDays.Examples.Cli;
using FastDays.Examples.Train;
using FastDays.Learning;

namespace FastDays.Examples.Commands;

/// <summary>fastai's learning-rate finder on the train command's model and data: prints the suggestions and writes the plot.</summary>
public sealed class LrFindCommand : IExampleCommand
{
    /// <inheritdoc />
    public string Name => "lr-find";

    /// <inheritdoc />
    public string Summary => "run LrFind on the train command's model and data (the train config's keys, --num-it, --out PNG)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        args.UseConfig(TrainCommand.DefaultConfig);   // the train config: same data, model, augmentation and batch size
        var setup = TrainSetup.Read(args);
        var device = TorchDevices.Resolve(setup.Device);
        var numIt = args.GetInt("num-it", 100);
        var output = args.Get("out") ?? "runs/lr_find.png";
        args.RejectUnknown();
        var data = DataChoice.LoadFashionMnist(setup.Data);
        Console.WriteLine($"data: {data.Describe()}");
        var learn = setup.CreateLearner(data, device);

        // Sweep 1e-7 → 10 exponentially over numIt batches; the weights are put back afterwards.
        var suggestions = learn.LrFind(numIt: numIt, suggestFuncs: ["valley", "slide", "minimum", "steep"]);
        foreach (var (method, lr) in suggestions.Lrs) Console.WriteLine($"{method,-8} {lr:E2}");
        Console.WriteLine($"plot: {learn.Recorder.PlotLrFind(output, suggestions)}");
        return 0;
    }
}
