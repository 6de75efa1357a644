using System.Globalization;
using FastDays.Tabular.Data;
using FastDays.Tests.Support;

namespace FastDays.Tests.Tabular;

public sealed class TableColumnTests
{
    [Test]
    public void ManyDistinctNumbersAreStoredAsNumbersAndFewKeepTheirTexts()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(0, 3000).Select(i => $"{i * 0.25:F2},{i % 3}.50,c{i % 7}{(i == 5 ? ",x" : ",")}");
        File.WriteAllText(dir.File("t.csv"), "many,few,text,late\n" + string.Join('\n', lines) + "\n");
        var t = Table.ReadCsv(dir.File("t.csv"));
        Assert.That((t["many"].StoresNumbers, t["few"].StoresNumbers, t["text"].StoresNumbers), Is.EqualTo((true, false, false)));
        Assert.That(t["many"][3], Is.EqualTo("0.75"), "a number shows in its shortest round-trip form");
        Assert.That(t["many"][2], Is.EqualTo("0.5"), "0.50 as read");
        Assert.That(t["few"][1], Is.EqualTo("1.50"), "few distinct values keep their texts exactly");
        Assert.That((t["many"].IsNumeric, t["many"].IsInteger, t["few"].IsNumeric, t["text"].IsNumeric), Is.EqualTo((true, false, true, false)));
        Assert.That((t["late"][5], t["late"][4], t["late"].HasMissing, t["many"].HasMissing), Is.EqualTo(("x", null as string, true, false)));
        Assert.That(t["many"].DistinctCount(), Is.EqualTo(3000));
    }

    [Test]
    public void AColumnOfNumbersThatMeetsTextLaterBecomesText()
    {
        using var dir = new TempDirectory();
        var values = Enumerable.Range(0, 2000).Select(i => (i + 0.5).ToString(CultureInfo.InvariantCulture)).Append("NA").Append("n/a").Append("7");
        File.WriteAllText(dir.File("t.csv"), "v\n" + string.Join('\n', values) + "\n");
        var v = Table.ReadCsv(dir.File("t.csv"), new TableReadOptions { MissingValues = ["NA"] })["v"];
        Assert.That((v.StoresNumbers, v.IsNumeric, v.Count), Is.EqualTo((false, false, 2003)));
        Assert.That(new[] { v[0], v[1999], v[2000], v[2001], v[2002] }, Is.EqualTo(new[] { "0.5", "1999.5", null, "n/a", "7" }));
    }

    [Test]
    public void RowsAreViewsThatShareOneArrayOfRowNumbers()
    {
        var n = 5000;
        var table = Table.FromColumns(["x", "c"],
            [TableColumn.FromNumbers([.. Enumerable.Range(0, n).Select(i => i % 10 == 0 ? double.NaN : i)]), TableColumn.FromText([.. Enumerable.Range(0, n)
                .Select(i => i % 2 == 0 ? "even" : i.ToString(CultureInfo.InvariantCulture))])]);
        var evens = table.Rows([.. Enumerable.Range(0, n / 2).Select(i => 2 * i)]);
        var some = evens.Rows([3, 1, 2]);
        Assert.That(some["x"], Is.EqualTo(new[] { "6", "2", "4" }));
        Assert.That(some["c"], Is.EqualTo(new[] { "even", "even", "even" }));
        Assert.That(evens["c"].RowMap, Is.SameAs(evens["x"].RowMap), "one array of row numbers per table");
        Assert.That((table["c"].IsNumeric, evens["c"].IsNumeric, evens.Rows([1])["c"].DistinctCount()), Is.EqualTo((false, false, 1)));
        Assert.That((table["x"].IsInteger, table["x"].HasMissing, some["x"].HasMissing), Is.EqualTo((true, true, false)));
        Assert.That(() => evens.Rows([n]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void NumbersAndTheirTextsProcessIdentically()
    {
        // The same table with its continuous column stored as numbers or as texts gives the same model inputs, and an error names the row in
        // any block of the processing.
        var rng = new Random(1);
        var n = 70_000;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 100, 3)).ToArray();
        x[12] = double.NaN;
        var cat = Enumerable.Range(0, n).Select(i => $"k{i % 13}").ToArray<string?>();
        var y = Enumerable.Range(0, n).Select(i => ((double.IsNaN(x[i]) ? 0 : x[i] * 0.1) + i % 13 + 0.5).ToString(CultureInfo.InvariantCulture))
            .ToArray<string?>();
        var asText = new Table(["x", "cat", "y"], [[.. x.Select(v => double.IsNaN(v) ? null : v.ToString(CultureInfo.InvariantCulture))], cat, y]);
        var asNumbers = asText.With("x", TableColumn.FromNumbers(x));
        var procs = TabularProcessor.Fit(asText, "y", ["cat"], ["x"]);
        var numberProcs = TabularProcessor.Fit(asNumbers, "y", ["cat"], ["x"]);
        Assert.That(numberProcs.ToJson(), Is.EqualTo(procs.ToJson()));
        var (a, ya) = procs.Process(asText);
        var (b, yb) = procs.Process(asNumbers);
        using (a) using (ya) using (b) using (yb)
        {
            Assert.That(a.shape, Is.EqualTo(new long[] { n, 3 }));
            Assert.That(a.equal(b).all().item<bool>(), Is.True);
            Assert.That(a[12].data<float>().ToArray()[1], Is.EqualTo(2f), "x_na: True");
        }
        var bad = asText.With("x", [.. asText["x"].Select((v, i) => i == 69_000 ? "lots" : v)]);
        Assert.That(() => procs.Process(bad), Throws.InstanceOf<FormatException>().With.Message
            .EqualTo("table: row 69001, column 'x': 'lots' is not a number (it is a continuous column)"));
    }
}
