using FastDays.Tabular.Data;
using FastDays.Tabular.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FastDays.Trees;

/// <summary>Chapter 9's trees on FastDays' tabular loaders, grown by ML.NET (FastTree): a random forest, a single decision tree and the
/// out-of-domain forest that tells the validation rows from the training ones.</summary>
public static class TabularForests
{
    /// <summary>A random forest (ML.NET's FastForest) on the loaders' training rows, processed as the tabular learner's; regression, or two
    /// classes.</summary>
    public static TabularForest RandomForest(this TabularDataLoaders dls, ForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        return Grow(dls.Procs, dls.Train, options ?? new ForestOptions());
    }

    /// <summary>The book's last step of chapter 9: a random forest that reads each categorical column as the vector a trained tabular model
    /// learned for it (its embedding) instead of the code.</summary>
    public static TabularForest RandomForest(this TabularDataLoaders dls, TabularModel embeddings, ForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        ArgumentNullException.ThrowIfNull(embeddings);
        return Grow(dls.Procs, dls.Train, options ?? new ForestOptions(), ForestEmbeddings.From(embeddings, dls.Procs.Cardinalities));
    }

    /// <summary>One decision tree (a forest of one tree grown on every row, every column open to every split), as the book's
    /// DecisionTreeRegressor(min_samples_leaf, max_leaf_nodes).</summary>
    public static TabularForest DecisionTree(this TabularDataLoaders dls, int maxLeaves = 1000, int minSamplesLeaf = 25, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(dls);
        return Grow(dls.Procs, dls.Train, new ForestOptions
        {
            Trees = 1, Leaves = maxLeaves, MinSamplesLeaf = minSamplesLeaf, MaxFeatures = 1, SampleFraction = 1, Seed = seed,
        });
    }

    /// <summary>The book's out-of-domain check: a forest trained to tell the validation rows from the training rows, and the columns that let it
    /// (largest importance first), with its accuracy on its own rows (the larger split's share is what guessing gets).</summary>
    public static (IReadOnlyList<(string Name, double Importance)> Importance, double Accuracy) OutOfDomain(this TabularDataLoaders dls,
        ForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        options ??= new ForestOptions();
        Check(options);
        var (train, _) = ForestData.Inputs(dls.Procs, dls.Train, withTargets: false);
        var (valid, _) = ForestData.Inputs(dls.Procs, dls.Valid, withTargets: false);
        float[][] x = [.. train, .. valid];
        float[] isValid = [.. train.Select(_ => 0f), .. valid.Select(_ => 1f)];
        var names = Names(dls.Procs);
        var ml = new MLContext(options.Seed);
        var data = ForestData.View(ml, x, isValid, binary: true, names.Count);
        var model = ml.BinaryClassification.Trainers.FastForest(BinaryOptions(options)).Fit(data);
        var predicted = model.Transform(data).GetColumn<bool>("PredictedLabel").ToArray();
        var accuracy = predicted.Select((p, i) => p == isValid[i] > 0.5f ? 1.0 : 0.0).Average();
        var forest = new TabularForest(ml, model, dls.Procs, names, Gains(model.Model), binary: true);
        return (forest.FeatureImportance(), accuracy);
    }

    private static TabularForest Grow(TabularProcessor procs, Table train, ForestOptions o, ForestEmbeddings? embeddings = null)
    {
        Check(o);
        if (procs.YVocab is { Count: not 2 } vocab)
            throw new ArgumentException($"a forest here regresses or tells two classes apart; the target '{procs.YName}' has {vocab.Count} " +
                $"({string.Join(", ", vocab.Take(10))})");
        var (x, y) = ForestData.Inputs(procs, train, withTargets: true, embeddings);
        var names = Names(procs);
        var ml = new MLContext(o.Seed);
        var binary = procs.YVocab is not null;
        var data = ForestData.View(ml, x, y!, binary, x.Length == 0 ? 0 : x[0].Length);
        if (binary)
        {
            var model = ml.BinaryClassification.Trainers.FastForest(BinaryOptions(o)).Fit(data);
            return new TabularForest(ml, model, procs, names, Gains(model.Model), binary: true, embeddings);
        }
        var regression = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinSamplesLeaf, FeatureFractionPerSplit = o.MaxFeatures,
            BaggingSize = o.SampleFraction < 1 ? 1 : 0, BaggingExampleFraction = o.SampleFraction, Seed = o.Seed, NumberOfThreads = o.Threads,
            FeatureFraction = 1,
        }).Fit(data);
        return new TabularForest(ml, regression, procs, names, Gains(regression.Model), binary: false, embeddings);
    }

    private static FastForestBinaryTrainer.Options BinaryOptions(ForestOptions o) => new()
    {
        NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinSamplesLeaf, FeatureFractionPerSplit = o.MaxFeatures,
        BaggingSize = o.SampleFraction < 1 ? 1 : 0, BaggingExampleFraction = o.SampleFraction, Seed = o.Seed, NumberOfThreads = o.Threads,
        FeatureFraction = 1,
    };

    private static float[] Gains(TreeEnsembleModelParameters model)
    {
        VBuffer<float> weights = default;
        model.GetFeatureWeights(ref weights);
        return weights.DenseValues().ToArray();
    }

    private static List<string> Names(TabularProcessor procs) => [.. procs.ModelCatNames, .. procs.ContNames];

    private static void Check(ForestOptions o)
    {
        if (o.Trees < 1) throw new ArgumentOutOfRangeException(nameof(o), o.Trees, "a forest needs at least one tree");
        if (o.Leaves < 2) throw new ArgumentOutOfRangeException(nameof(o), o.Leaves, "a tree needs at least two leaves");
        if (o.MinSamplesLeaf < 1) throw new ArgumentOutOfRangeException(nameof(o), o.MinSamplesLeaf, "a leaf holds at least one row");
        if (o.MaxFeatures is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(o), o.MaxFeatures, "MaxFeatures is a share in (0, 1]");
        if (o.SampleFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(o), o.SampleFraction, "SampleFraction is a share in (0, 1]");
        if (o.Threads < 1) throw new ArgumentOutOfRangeException(nameof(o), o.Threads, "at least one thread");
    }
}
