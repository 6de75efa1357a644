using System.Diagnostics;
using System.Globalization;
using FastDays.Collab.Callbacks;
using FastDays.Collab.Data;
using FastDays.Collab.Interpret;
using FastDays.Collab.Learning;
using FastDays.Examples.Collab;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 8, collaborative filtering: baselines, the dot-product model with and without weight decay, fastai's collab_learner and
/// its neural variant on real ratings, then what the factors and biases say.</summary>
internal sealed class CollabCommand : ExampleCommand<CollabOptions>
{
    /// <inheritdoc />
    public override string Name => "collab";

    /// <inheritdoc />
    public override string Summary => "Chapter 8: collaborative filtering on InstEval's ratings (or any user,item,rating CSV) against baselines";

    /// <inheritdoc />
    public override int Run(CollabOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        // 1. The ratings: a user, an item and a rating per row, a random fifth held out.
        var csv = o.Data == "auto" ? DebianRatings.InstEval(Path.Combine(o.Out, "data")) : o.Data;
        var dls = CollabDataLoaders.FromCsv(csv, Empty(o.User), Empty(o.Item), Empty(o.Rating), o.ValidPct, o.Seed, o.Bs);
        var block = dls.CollabBlockOf();
        var (lo, hi) = RatingRange(dls);
        // The book's y_range for ratings of 1 to 5 is (0, 5.5): a quarter of the span below the lowest, an eighth above the highest.
        (double, double) yRange = (lo - ((hi - lo) / 4), hi + ((hi - lo) / 8));
        Console.WriteLine($"{csv}: {dls.Train.Dataset.Count + dls.Valid.Dataset.Count:N0} ratings; {block.UserName}: {block.Users.Count - 1:N0} values, " +
            $"{block.ItemName}: {block.Items.Count - 1:N0} values; {dls.Train.Dataset.Count:N0} to train, {dls.Valid.Dataset.Count:N0} to validate; " +
            FormattableString.Invariant($"ratings {lo:G4}–{hi:G4}, y_range ({yRange.Item1:G4}, {yRange.Item2:G4})"));
        var results = new List<(string Model, double Rmse, double? SecondsPerEpoch)>();

        // 2. What a recommender must beat, fitted on the training ratings.
        results.AddRange(CollabBaselines.Evaluate(dls).Select(b => (b.Name, b.Rmse, (double?)null)));

        // 3. Learned models, each with the same schedule: a bias per user and item only, the book's DotProductBias without and with weight decay,
        //    the same with L2 on the factors each batch uses instead, fastai's collab_learner (EmbeddingDotBias) and its neural network (EmbeddingNN).
        Learner Fit(string what, Func<Learner> make, double wd)
        {
            Console.WriteLine($"\n{what}");
            manual_seed(o.Seed);
            var learn = make();
            var clock = Stopwatch.StartNew();
            learn.FitOneCycle(o.Epochs, o.Lr, wd: wd);
            results.Add((what, learn.Recorder.Last("rmse"), clock.Elapsed.TotalSeconds / o.Epochs));
            return learn;
        }
        Metric[] metrics = [Metric.Rmse()];
        var bias = Fit("biases only (EmbeddingDotBias, 0 factors)",
            () => CollabLearners.CollabLearner(dls, nFactors: 0, yRange: yRange, metrics: metrics, path: o.Out, device: device), o.Wd);
        bias.Model.Dispose();
        var noWd = Fit($"DotProductBias, {o.NFactors} factors, no weight decay",
            () => CollabLearners.DotProductBiasLearner(dls, o.NFactors, yRange, metrics, path: o.Out, device: device), 0);
        noWd.Model.Dispose();
        var dot = Fit(FormattableString.Invariant($"DotProductBias, {o.NFactors} factors, wd {o.Wd}"),
            () => CollabLearners.DotProductBiasLearner(dls, o.NFactors, yRange, metrics, path: o.Out, device: device), o.Wd);
        var l2 = Fit(FormattableString.Invariant($"DotProductBias, {o.NFactors} factors, FactorL2 {o.FactorL2} on the batch's rows, no weight decay"),
            () => CollabLearners.DotProductBiasLearner(dls, o.NFactors, yRange, metrics, path: o.Out, device: device, cbs: [new FactorL2(o.FactorL2)]), 0);
        l2.Model.Dispose();
        var fastai = Fit(FormattableString.Invariant($"collab_learner (EmbeddingDotBias), {o.NFactors} factors, wd {o.Wd}"),
            () => CollabLearners.CollabLearner(dls, o.NFactors, yRange: yRange, metrics: metrics, path: o.Out, device: device), o.Wd);
        fastai.Model.Dispose();
        var nn = Fit(FormattableString.Invariant($"collab_learner(use_nn) (EmbeddingNN), layers {string.Join(" ", o.Layers)}, wd {o.Wd}"),
            () => CollabLearners.CollabLearner(dls, useNn: true, layers: o.Layers, yRange: yRange, metrics: metrics, path: o.Out, device: device), o.Wd);
        nn.Model.Dispose();
        // fastai's EmbeddingNN overfits InstEval's ~20 ratings a student; dropout and L2 on the batch's embedding rows let it beat the biases.
        var regularised = Fit(FormattableString.Invariant($"EmbeddingNN, layers {string.Join(" ", o.Layers)}, dropout {o.NnDropout}, ") +
            FormattableString.Invariant($"FactorL2 {o.NnFactorL2}, wd {o.Wd}"),
            () => CollabLearners.CollabLearner(dls, useNn: true, layers: o.Layers, ps: [.. o.Layers.Select(_ => o.NnDropout)], embP: o.NnDropout,
                yRange: yRange, metrics: metrics, path: o.Out, device: device, cbs: [new FactorL2(o.NnFactorL2)]), o.Wd);
        regularised.Model.Dispose();

        Console.WriteLine("\n| model | validation RMSE | seconds per epoch |\n|---|---:|---:|");
        foreach (var (model, rmse, seconds) in results)
        {
            var time = seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(FormattableString.Invariant($"| {model} | {rmse:F4} | {time} |"));
        }

        // 4. What the weight-decayed dot-product model learnt.
        Interpret(new CollabInterpretation(dot), block, o);
        dot.Model.Dispose();
        return 0;
    }

    private static void Interpret(CollabInterpretation interp, CollabBlock block, CollabOptions o)
    {
        var biases = interp.Biases();
        string Line(IEnumerable<(string Name, double Bias)> rows) =>
            string.Join(", ", rows.Select(r => FormattableString.Invariant($"{r.Name} ({r.Bias:+0.000;-0.000})")));
        Console.WriteLine($"\nlowest {block.ItemName} biases (rated lower than their raters and factors predict): {Line(biases.Take(5))}");
        Console.WriteLine($"highest {block.ItemName} biases: {Line(biases.Reverse().Take(5))}");
        var rated = interp.MostRated();
        var top = rated.Take(Math.Min(o.Plot, rated.Count)).Select(r => r.Name).ToList();
        var png = Path.Combine(o.Out, "pca.png");
        interp.PlotPca(png, top, title: $"{block.ItemName}: the {top.Count} most rated, on principal components 0 and 2 of their factors");
        Console.WriteLine($"plot: {png}");
        var first = rated[0];
        var similar = interp.MostSimilar(first.Name, 5);
        Console.WriteLine($"most similar to {first.Name} (the most rated, {first.Ratings} training ratings) by cosine similarity of the factors: " +
            string.Join(", ", similar.Select(s => FormattableString.Invariant($"{s.Name} ({s.Similarity:F3})"))));
    }

    private static (double Low, double High) RatingRange(DataLoaders dls)
    {
        var ratings = dls.Train.Ratings();
        var (lo, hi) = (ratings.Min(r => r.Rating), ratings.Max(r => r.Rating));
        return hi > lo ? (lo, hi) : throw new InvalidDataException($"every training rating is {lo}: there is nothing to learn");
    }

    private static string? Empty(string name) => name.Length == 0 ? null : name;
}
