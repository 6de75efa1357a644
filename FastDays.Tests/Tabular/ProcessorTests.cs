using FastDays.Tabular.Data;
using FastDays.Tabular.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Tabular;

public sealed class ProcessorTests
{
    private static Table Small() => new(["cat", "num", "y"],
    [
        ["b", "a", null, "b"],
        ["1", null, "3", "10"],
        ["0.5", "1.5", "2.5", "3.5"],
    ], "small");

    [Test]
    public void FillMissingUsesTheTrainingMedianAndAddsANaColumn()
    {
        var frame = TabularFrame.From(Small(), ["cat"], ["num"]);
        var fill = new FillMissing();
        fill.Setup(frame);
        fill.Apply(frame);
        Assert.That(fill.Medians["num"], Is.EqualTo(3), "the median of 1, 3 and 10");
        Assert.That(frame.Conts["num"], Is.EqualTo(new[] { 1.0, 3, 3, 10 }));
        Assert.That(frame.CatNames, Is.EqualTo(new[] { "cat", "num_na" }));
        Assert.That(frame.Cats["num_na"], Is.EqualTo(new[] { "False", "True", "False", "False" }));
        var complete = TabularFrame.From(new Table(["num"], [["2", "4", "9"]]), [], ["num"]);
        var fill2 = new FillMissing();
        fill2.Setup(complete);
        Assert.That((fill2.Medians["num"], fill2.NaColumns.Count), Is.EqualTo((4.0, 0)),
            "an even count takes the mean of the middle two; no gaps, no _na column");
    }

    [Test]
    public void CategorifyPutsNaFirstSortsValuesAndMapsUnseenToZero()
    {
        var frame = TabularFrame.From(Small(), ["cat"], []);
        var categorify = new Categorify();
        categorify.Setup(frame);
        categorify.Apply(frame);
        Assert.That(categorify.Classes["cat"], Is.EqualTo(new[] { "#na#", "a", "b" }));
        Assert.That(frame.Codes["cat"], Is.EqualTo(new long[] { 2, 1, 0, 2 }));
        var later = TabularFrame.From(new Table(["cat"], [["z", "a"]]), ["cat"], []);
        categorify.Apply(later);
        Assert.That(later.Codes["cat"], Is.EqualTo(new long[] { 0, 1 }), "a value never seen in training is #na#");
        var numbers = TabularFrame.From(new Table(["rad"], [["24", "3", "10", "3"]]), ["rad"], []);
        categorify.Setup(numbers);
        Assert.That(categorify.Classes["rad"], Is.EqualTo(new[] { "#na#", "3", "10", "24" }), "numbers sort as numbers, as pandas' do");
    }

    [Test]
    public void NormalizeUsesThePopulationStandardDeviationPlusFastaisEpsilon()
    {
        var frame = TabularFrame.From(new Table(["x"], [["1", "2", "3", "4"]]), [], ["x"]);
        var normalize = new TabularNormalize();
        normalize.Setup(frame);
        normalize.Apply(frame);
        var std = Math.Sqrt(1.25) + 1e-7;
        Assert.That((normalize.Means["x"], normalize.Stds["x"]), Is.EqualTo((2.5, std)));
        Assert.That(frame.Conts["x"], Is.EqualTo(new[] { -1.5 / std, -0.5 / std, 0.5 / std, 1.5 / std }));
    }

    [Test]
    public void DatePartsFollowPandas()
    {
        var t = DateParts.Add(new Table(["saledate", "v"], [["2024-02-29", "2023-12-31"], ["1", "2"]]), "saledate");
        Assert.That(t.Names, Is.EqualTo(new[] { "v" }.Concat(DateParts.Suffixes.Select(s => "sale" + s))));
        string?[] leap = [.. DateParts.Suffixes.Select(s => t["sale" + s][0])];
        Assert.That(leap, Is.EqualTo(new[] { "2024", "2", "9", "29", "3", "60", "True", "False", "False", "False", "False", "False", "1709164800" }));
        Assert.That(t["saleIs_year_end"][1], Is.EqualTo("True"));
        Assert.That(t["saleIs_quarter_end"][1], Is.EqualTo("True"));
        Assert.That(t["saleWeek"][1], Is.EqualTo("52"));
    }

    [Test]
    public void ContCatSplitFollowsFastaisRule()
    {
        var (conts, cats) = TabularDataLoaders.ContCatSplit(SklearnData.Boston(), maxCard: 20, depVars: ["MEDV"]);
        Assert.That(cats, Is.EqualTo(new[] { "CHAS", "RAD" }), "whole numbers with at most 20 values");
        Assert.That(conts, Is.EqualTo(new[] { "CRIM", "ZN", "INDUS", "NOX", "RM", "AGE", "DIS", "TAX", "PTRATIO", "LSTAT" }));
    }

    [TestCase(2, 2)]
    [TestCase(3, 3)]
    [TestCase(10, 6)]
    [TestCase(25, 10)]
    [TestCase(1000, 77)]
    [TestCase(100_000, 600)]
    public void EmbeddingSizesFollowFastaisRule(int classes, int size) => Assert.That(TabularModel.EmbSzRule(classes), Is.EqualTo(size));

    [Test]
    public void TheTargetDecidesRegressionOrClassificationAndBadColumnsAreNamed()
    {
        var small = Small();
        Assert.That(TabularProcessor.Fit(small, "y", ["cat"], ["num"]).IsRegression, Is.True, "numbers that are not whole");
        var labels = small.With("label", ["0", "1", "1", "0"]);
        var procs = TabularProcessor.Fit(labels, "label", ["cat"], ["num"]);
        Assert.That(procs.YVocab, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(procs.ModelCatNames, Is.EqualTo(new[] { "cat", "num_na" }));
        Assert.That(() => TabularProcessor.Fit(small, "price", ["cat"], ["num"]), Throws.ArgumentException.With.Message.Contains("'price' does not exist"));
        var text = small.With("num", ["1", "two", "3", "4"]);
        Assert.That(() => TabularProcessor.Fit(text, "y", ["cat"], ["num"]),
            Throws.InstanceOf<FormatException>().With.Message.EqualTo("small: row 2, column 'num': 'two' is not a number (it is a continuous column)"));
        var (x, y) = procs.Process(labels);
        using (x) using (y)
        {
            Assert.That(x.shape, Is.EqualTo(new long[] { 4, 3 }));
            Assert.That(y!.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(x[1].data<float>().ToArray()[..2], Is.EqualTo(new float[] { 1, 2 }), "cat a → 1, num_na True → 2");
        }
        var json = TabularProcessor.FromJson(procs.ToJson(), "json");
        Assert.That(json.ToJson(), Is.EqualTo(procs.ToJson()), "the processing survives a JSON round trip");
    }

    [Test]
    public void InfinitiesReadAsNumbersAsInPandasAndAreRefusedWithTheRowNamed()
    {
        // A numeric target with one Infinity stays a regression target (not a 4-class classification) and is refused at its row.
        var small = Small();
        foreach (var inf in new[] { "Infinity", "inf", "-inf", "INF" })
        {
            var target = small.With("y", ["1.5", inf, "2.5", "3.5"]);
            Assert.That((target.IsNumeric("y"), target.IsInteger("y")), Is.EqualTo((true, false)), inf);
            Assert.That(() => TabularProcessor.Fit(target, "y", ["cat"], ["num"]), Throws.InstanceOf<FormatException>().With.Message
                .EqualTo($"small: the target column 'y' has a value that is not finite ('{inf}', row 2), so it cannot be regressed"));
            var feature = small.With("num", ["1", "2", inf, "4"]);
            Assert.That(TabularDataLoaders.ContCatSplit(feature.Drop("y")).ContNames, Does.Contain("num"), "a float column, as pandas reads it");
            Assert.That(() => TabularProcessor.Fit(feature, "y", ["cat"], ["num"]), Throws.InstanceOf<FormatException>().With.Message
                .EqualTo($"small: row 3, column 'num': '{inf}' is infinite; a continuous value must be finite (or missing)"));
        }
        // NaN, in any spelling, is missing.
        var nan = small.With("num", ["1", "NAN", "3", "4"]);
        var procs = TabularProcessor.Fit(nan, "y", ["cat"], ["num"]);
        Assert.That(procs.FillMissing.NaColumns, Does.Contain("num"));
    }

    [Test]
    public void ATableOf100000ColumnsIsProcessedInLinearTime()
    {
        // The column lists are looked up through sets: before, each of n columns searched a list of n (200,000 columns took minutes).
        const int n = 100_000;
        var names = Enumerable.Range(0, n).Select(i => $"c{i}").Append("y").ToList();
        var rng = new Random(0);
        var columns = names.Select(c => Enumerable.Range(0, 6).Select(_ => c == "y" ? $"{rng.NextDouble()}" : $"{rng.Next(3)}").ToArray<string?>()).ToList();
        var table = new Table(names, columns, "wide");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var dls = TabularDataLoaders.FromTable(table, "y", validPct: 0.34);
        TestContext.Out.WriteLine($"{n} columns: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(dls.Procs.CatNames, Has.Count.EqualTo(n));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(30));
    }
}
