using System.Text;
using FastDays.Text.Data;

namespace FastDays.Tests.Text.Data;

public sealed class TextDataLoadersTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("fastdays-text-").FullName;

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_root, recursive: true);
        if (Directory.Exists(_root + "_tok")) Directory.Delete(_root + "_tok", recursive: true);
    }

    private void Write(string relative, string text)
    {
        var file = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text, new UTF8Encoding(false));
    }

    private void ImdbLayout()
    {
        for (var i = 0; i < 12; i++)
        {
            Write($"train/pos/{i}.txt", $"A good film, really good {new string('!', i % 3 + 1)} " + string.Join(" ", Enumerable.Repeat("great", i)));
            Write($"train/neg/{i}.txt", "A bad film. " + string.Join(" ", Enumerable.Repeat("awful", i)));
        }
        for (var i = 0; i < 4; i++)
        {
            Write($"test/pos/{i}.txt", "good good");
            Write($"test/neg/{i}.txt", "bad bad bad");
        }
        Write("unsup/0.txt", "An unlabelled review about a film.");
    }

    [Test]
    public void FromFolderLabelsByFolderValidatesOnTheValidFolderAndPadsEachBatch()
    {
        ImdbLayout();
        var dls = TextDataLoaders.FromFolder(_root, valid: "test", options: new TextDataOptions { Bs = 8, SeqLen = 4, MinFreq = 1 });
        Assert.That(dls.Vocab, Is.EqualTo(new[] { "neg", "pos" }));
        Assert.That((dls.Train.Dataset.Count, dls.Valid.Dataset.Count), Is.EqualTo((24, 8)), "unsup/ is not a class");
        Assert.That(dls.TextBlockOf().Vocab, Does.Contain("awful").And.Contain("great"));
        using var batch = dls.OneBatch();
        Assert.That(batch.X.shape[0], Is.EqualTo(8));
        var firstRow = batch.X[0].data<long>().ToArray();
        Assert.That(firstRow, Does.Not.Contain(TextBlock.PadIndex), "the batch's first text is its longest");
        Assert.That(File.Exists(Path.Combine(_root + "_tok", TokenCache.FileName)), Is.True, "tokens cached beside the folder");
    }

    [Test]
    public void TheTokenCacheIsReusedAndOnlyAChangedFileIsTokenizedAgain()
    {
        ImdbLayout();
        var tok = new FastDays.Text.Tokenization.Tokenizer();
        var first = tok.TokenizeFolder(_root, ["train", "test"]);
        var cache = Path.Combine(_root + "_tok", TokenCache.FileName);
        var written = File.GetLastWriteTimeUtc(cache);
        var again = tok.TokenizeFolder(_root, ["train", "test"]);
        Assert.That(File.GetLastWriteTimeUtc(cache), Is.EqualTo(written), "nothing changed: the cache is read, not rewritten");
        Assert.That(again["train/pos/3.txt"], Is.EqualTo(first["train/pos/3.txt"]));
        Write("train/pos/3.txt", "Completely different words now");
        File.SetLastWriteTimeUtc(Path.Combine(_root, "train/pos/3.txt"), DateTime.UtcNow.AddMinutes(1));
        var changed = tok.TokenizeFolder(_root, ["train", "test"]);
        Assert.That(changed["train/pos/3.txt"], Does.Contain("completely"));
        Assert.That(changed["train/neg/5.txt"], Is.EqualTo(first["train/neg/5.txt"]));
        File.WriteAllText(cache, "{ not json");
        Assert.That(tok.TokenizeFolder(_root, ["train"])["train/neg/5.txt"], Is.EqualTo(first["train/neg/5.txt"]), "a damaged cache is rebuilt");
    }

    [Test]
    public void HostileFilesAreRefusedNamingTheFileOrTokenizedWithoutHanging()
    {
        ImdbLayout();
        File.WriteAllBytes(Path.Combine(_root, "train/pos/bad.txt"), [0x61, 0xC3, 0x28, 0x62]);
        var e = Assert.Throws<InvalidDataException>(() => TextDataLoaders.FromFolder(_root, valid: "test"));
        Assert.That(e!.Message, Does.Contain("bad.txt").And.Contain("not UTF-8"));
        File.Delete(Path.Combine(_root, "train/pos/bad.txt"));
        Write("train/pos/empty.txt", "");
        Write("train/neg/same.txt", new string('z', 1_000_000));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tokens = new FastDays.Text.Tokenization.Tokenizer().TokenizeFolder(_root, ["train"]);
        Assert.That(tokens["train/pos/empty.txt"], Is.EqualTo(new[] { "xxbos" }));
        Assert.That(tokens["train/neg/same.txt"], Is.EqualTo(new[] { "xxbos", "xxrep", "1000000", "z" }));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(30));
        using (var big = File.Create(Path.Combine(_root, "train/neg/huge.txt"))) big.SetLength(100L << 20);
        var huge = Assert.Throws<InvalidDataException>(() => new FastDays.Text.Tokenization.Tokenizer().TokenizeFolder(_root, ["train"]));
        Assert.That(huge!.Message, Does.Contain("huge.txt"));
    }

    [Test]
    public void FromCsvSplitsByAColumnAndALanguageModelStreamsEveryText()
    {
        var csv = Path.Combine(_root, "reviews.csv");
        var lines = new List<string> { "text,label,is_valid" };
        for (var i = 0; i < 40; i++)
            lines.Add($"\"Review {i}: {(i % 2 == 0 ? "tasty, fresh" : "stale, bland")}\",{(i % 2 == 0 ? "good" : "bad")},{(i % 5 == 0 ? 1 : 0)}");
        File.WriteAllLines(csv, lines);
        var dls = TextDataLoaders.FromCsv(csv, validCol: "is_valid", options: new TextDataOptions { Bs = 4, MinFreq = 1 });
        Assert.That((dls.Train.Dataset.Count, dls.Valid.Dataset.Count), Is.EqualTo((32, 8)));
        var lm = TextDataLoaders.FromCsv(csv, options: new TextDataOptions { Bs = 2, SeqLen = 5, IsLm = true, MinFreq = 1 });
        Assert.That(lm.Train.Dataset, Is.TypeOf<LmDataset>());
        Assert.That(lm.C, Is.EqualTo(lm.TextBlockOf().Vocab.Count), "a language model predicts a token");
        var missing = Assert.Throws<InvalidDataException>(() => TextDataLoaders.FromCsv(csv, textCol: "review"));
        Assert.That(missing!.Message, Does.Contain("reviews.csv").And.Contain("'review'"));
    }
}
