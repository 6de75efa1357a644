using FastDays.Tabular.Data;
using FastDays.Tests.Support;

namespace FastDays.Tests.Tabular;

public sealed class TableTests
{
    [Test]
    public void ScikitLearnsBostonCsvReadsWithItsCountsLineSkipped()
    {
        var boston = SklearnData.Boston();
        Assert.That(boston.RowCount, Is.EqualTo(506));
        Assert.That(boston.Names, Is.EqualTo(new[] { "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "LSTAT", "MEDV" }));
        Assert.That(boston["CRIM"][0], Is.EqualTo("0.00632"));
        Assert.That(boston["MEDV"][505], Is.EqualTo("11.9"));
        var cancer = SklearnData.BreastCancer();
        Assert.That((cancer.RowCount, cancer.Names.Count, cancer.Names[0], cancer.Names[10], cancer.Names[29]),
            Is.EqualTo((569, 31, "mean radius", "radius error", "worst fractal dimension")));
    }

    [Test]
    public void MissingValuesAreNullAndTypesAreInferred()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "a,b,c\n1,x,1.5\nNA,,2\n3, y ,?\n");
        var t = Table.ReadCsv(dir.File("t.csv"));
        Assert.That(t["a"], Is.EqualTo(new[] { "1", null, "3" }));
        Assert.That(t["b"], Is.EqualTo(new[] { "x", null, "y" }));
        Assert.That((t.IsNumeric("a"), t.IsInteger("a"), t.IsNumeric("b"), t.IsNumeric("c"), t.IsInteger("c")), Is.EqualTo((true, true, false, true, false)));
        Assert.That(t.Row(2)["b"], Is.EqualTo("y"));
    }

    [Test]
    public void BadFilesFailNamingTheFileAndTheLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ragged.csv"), "a,b\n1,2\n3\n");
        Assert.That(() => Table.ReadCsv(dir.File("ragged.csv")),
            Throws.InstanceOf<FormatException>().With.Message.Contains("ragged.csv").And.Message.Contains("line 3").And.Message.Contains("1 fields"));
        File.WriteAllText(dir.File("empty.csv"), "a,b\n");
        Assert.That(() => Table.ReadCsv(dir.File("empty.csv")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("empty.csv: the table has no rows"));
        Assert.That(() => Table.ReadCsv(dir.File("missing.csv")), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("missing.csv"));
    }
}
