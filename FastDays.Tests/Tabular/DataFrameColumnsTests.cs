using FastDays.Tabular.Data;
using Microsoft.Data.Analysis;

namespace FastDays.Tests.Tabular;

public sealed class DataFrameColumnsTests
{
    [Test]
    public void ADataFrameIsATableWithItsNumbersAndNulls()
    {
        var df = new DataFrame(
            new Int32DataFrameColumn("rooms", [3, 2, null, 4]),
            new DoubleDataFrameColumn("area", [50.5, 42, 80, null]),
            new StringDataFrameColumn("city", ["Oslo", null, "Rome", "Oslo"]),
            new BooleanDataFrameColumn("garden", [true, false, false, true]));
        var t = Table.FromDataFrame(df, "houses");
        Assert.That(t.Names, Is.EqualTo(new[] { "rooms", "area", "city", "garden" }));
        Assert.That(t["rooms"], Is.EqualTo(new[] { "3", "2", null, "4" }));
        Assert.That(t["area"], Is.EqualTo(new[] { "50.5", "42", "80", null }));
        Assert.That(t["city"], Is.EqualTo(new[] { "Oslo", null, "Rome", "Oslo" }));
        Assert.That(t["garden"], Is.EqualTo(new[] { "True", "False", "False", "True" }));
        Assert.That((t.IsInteger("rooms"), t.IsNumeric("area"), t.IsInteger("area"), t.IsNumeric("city")), Is.EqualTo((true, true, false, false)),
            "whole-number types are integers; a double column is not, even of whole values (as pandas reads a float column)");
        var (conts, cats) = TabularDataLoaders.ContCatSplit(t);
        Assert.That((conts, cats), Is.EqualTo((new[] { "rooms", "area" }, new[] { "city", "garden" })), "rooms has gaps: a float column in pandas");
    }

    [Test]
    public void LoadersFromADataFrameEqualThoseFromTheSameCsv()
    {
        var rng = new Random(0);
        const int n = 300;
        var a = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 4)).ToArray();
        var k = Enumerable.Range(0, n).Select(i => $"k{i % 5}").ToArray();
        var y = a.Select((v, i) => Math.Round(2 * v + i % 5, 4)).ToArray();
        var df = new DataFrame(new DoubleDataFrameColumn("a", a), new StringDataFrameColumn("k", k), new DoubleDataFrameColumn("y", y));
        var fromDf = TabularDataLoaders.FromDf(df, "y", bs: 16);
        var table = new Table(["a", "k", "y"], [[.. a.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))], k,
            [.. y.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]]);
        var fromTable = TabularDataLoaders.FromTable(table, "y", bs: 16);
        Assert.That(fromDf.Procs.ToJson(), Is.EqualTo(fromTable.Procs.ToJson()));
        var (x1, x2) = (fromDf.Dls.Valid.OneBatch(), fromTable.Dls.Valid.OneBatch());
        using (x1) using (x2)
            Assert.That(x1.Parts[0].equal(x2.Parts[0]).all().item<bool>() && x1.Parts[1].equal(x2.Parts[1]).all().item<bool>(), Is.True);
    }
}
