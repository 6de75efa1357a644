using FastDays.Collab.Data;
using FastDays.Data;
using FastDays.Tabular.Data;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Collab.Data;

public sealed class CollabDataLoadersTests
{
    private static Table Ratings(params (string? User, string? Item, string? Rating)[] rows) =>
        new(["who", "what", "stars"], [[.. rows.Select(r => r.User)], [.. rows.Select(r => r.Item)], [.. rows.Select(r => r.Rating)]], "ratings.csv");

    [Test]
    public void CodesFollowTheTrainingVocabulariesWithNaFirstAndUnseenValuesMapToNa()
    {
        var table = Ratings(("10", "b", "4"), ("9", "a", "3"), ("10", "a", "5"), ("9", "c", "1"), ("7", "z", "2"));
        var dls = CollabDataLoaders.FromTable(table, validIdx: [4], bs: 8);
        var block = dls.CollabBlockOf();
        Assert.That(block.Users, Is.EqualTo(new[] { "#na#", "9", "10" }), "numbers in numeric order, as Categorify sorts them");
        Assert.That(block.Items, Is.EqualTo(new[] { "#na#", "a", "b", "c" }));
        Assert.That((block.UserName, block.ItemName), Is.EqualTo(("who", "what")), "the first two columns when none are named");
        using var valid = dls.Valid.First();
        Assert.That(valid.Parts[0].dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(valid.Parts[0].data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0 }), "user 7 and item z never rated in training: #na#");
        Assert.That(valid.Parts[1].data<float>().ToArray(), Is.EqualTo(new[] { 2f }));
        var train = (BlockDataset)dls.Train.Dataset;
        using var batch = train.GetBatch([0, 1, 2, 3], 0);
        Assert.That(batch.Parts[0].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 2, 1, 1, 2, 1, 1, 3 }));
        Assert.That(block.Decode(batch.Parts[0][3]), Is.EqualTo(new[] { "9", "c" }));
    }

    [Test]
    public void ColumnsCanBeNamedAndTheSplitIsSeeded()
    {
        var rows = Enumerable.Range(0, 100).Select(i => ((string?)$"r{i % 7}", (string?)$"u{i % 11}", (string?)"3")).ToArray();
        var table = new Table(["rating", "item", "user"], [[.. rows.Select(r => r.Item3)], [.. rows.Select(r => r.Item2)], [.. rows.Select(r => r.Item1)]]);
        var a = CollabDataLoaders.FromTable(table, userName: "user", itemName: "item", ratingName: "rating", validPct: 0.2, seed: 3);
        var b = CollabDataLoaders.FromTable(table, userName: "user", itemName: "item", ratingName: "rating", validPct: 0.2, seed: 3);
        Assert.That(a.Valid.Dataset.Count, Is.EqualTo(20));
        Assert.That(((BlockDataset)a.Valid.Dataset).Names, Is.EqualTo(((BlockDataset)b.Valid.Dataset).Names));
        Assert.That(a.CollabBlockOf().Users, Has.Count.EqualTo(8));
    }

    [Test]
    public void BadRatingsAndMissingValuesAreErrorsNamingTheRow()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            CollabDataLoaders.FromTable(Ratings(("1", "a", "4"), ("2", "b", "four"), ("3", "c", "1")), validIdx: [0]));
        Assert.That(e!.Message, Does.Contain("ratings.csv row 2").And.Contain("stars 'four' is not a finite number"));
        e = Assert.Throws<InvalidDataException>(() => CollabDataLoaders.FromTable(Ratings(("1", "a", "4"), ("2", "b", "inf"), ("3", "c", "1")), validIdx: [0]));
        Assert.That(e!.Message, Does.Contain("row 2"));
        e = Assert.Throws<InvalidDataException>(() => CollabDataLoaders.FromTable(Ratings(("1", "a", "4"), ("2", "b", "3"), ("3", null, "1")), validIdx: [0]));
        Assert.That(e!.Message, Does.Contain("ratings.csv row 3").And.Contain("the what is missing"));
        var two = new Table(["a", "b"], [["1", "2"], ["x", "y"]], "two.csv");
        Assert.That(() => CollabDataLoaders.FromTable(two), Throws.ArgumentException.With.Message.Contains("two.csv").And.Message.Contains("2 (a, b)"));
        Assert.That(() => CollabDataLoaders.FromTable(Ratings(("1", "a", "4"), ("2", "b", "3")), ratingName: "score"),
            Throws.ArgumentException.With.Message.Contains("ratings.csv: no column 'score'"));
    }

    [Test]
    public void FromCsvReadsAFileOfRatings()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("r.csv"), "user,movie,rating\n1,10,4\n2,10,5\n1,11,3\n3,12,2\n2,12,1\n");
        var dls = CollabDataLoaders.FromCsv(dir.File("r.csv"), validPct: 0.2, seed: 0);
        Assert.That(dls.Train.Dataset.Count + dls.Valid.Dataset.Count, Is.EqualTo(5));
        Assert.That(dls.CollabBlockOf().ItemName, Is.EqualTo("movie"));
        Assert.That(dls.LossFunc, Is.TypeOf<FastDays.Losses.MseLossFlat>());
    }
}
