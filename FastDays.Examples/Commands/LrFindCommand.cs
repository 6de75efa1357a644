namespace FastDays.Examples.Commands;

/// <summary>fastai's learning-rate finder on the train command's model and data: prints the suggestions and writes the plot.</summary>
internal sealed class LrFindCommand : ExampleCommand<LrFindOptions>
{
    /// <inheritdoc />
    public override string Name => "lr-find";

    /// <inheritdoc />
    public override string Summary => "Run LrFind on the train command's model and data (its config's learner keys), print the suggestions, plot the sweep";

    /// <inheritdoc />
    public override int Run(LrFindOptions setup)
    {
        var device = TorchDevices.Resolve(setup.Device);
        var (numIt, output) = (setup.NumIt, setup.Out);
        var data = DataChoice.LoadFashionMnist(setup.Data);
        Console.WriteLine($"data: {data.Describe()}");
        var learn = setup.CreateLearner(data, device);

        // Sweep 1e-7 → 10 exponentially over numIt batches; the weights are put back afterwards. (slide needs a longer sweep than 40 batches.)
        var suggestions =
            learn.LrFind(numIt: numIt, suggestFuncs: numIt >= 40 ? Enum.GetValues<SuggestionMethod>()
                : [SuggestionMethod.Valley, SuggestionMethod.Minimum, SuggestionMethod.Steep]);
        foreach (var (method, lr) in suggestions.Lrs) Console.WriteLine($"{SuggestionMethods.Name(method),-8} {lr:E2}");
        Console.WriteLine($"plot: {learn.Recorder.PlotLrFind(output, suggestions)}");
        return 0;
    }
}
