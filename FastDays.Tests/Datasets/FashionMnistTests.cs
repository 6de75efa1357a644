using FastDays.Datasets;
using FastDays.Tests.Support;

namespace FastDays.Tests.Datasets;

[NonParallelizable]
public sealed class FashionMnistTests
{
    private const string Debian = "/usr/share/datasets/fashion-mnist";

    [Test]
    public void TinySubsetIsEmbeddedBalancedAndSmall()
    {
        var tiny = FashionMnist.LoadTiny();
        Assert.That(tiny.Origin, Is.EqualTo(DataOrigin.Embedded));
        Assert.That((tiny.Train.Count, tiny.Test.Count), Is.EqualTo((2500, 1000)));
        Assert.That(tiny.Train.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(250));
        Assert.That(tiny.Test.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(100));
        Assert.That(tiny.Train.Labels.Distinct().Count(), Is.EqualTo(10));
        var size = typeof(FashionMnist).Assembly.GetManifestResourceNames()
            .Sum(n => typeof(FashionMnist).Assembly.GetManifestResourceStream(n)!.Length);
        Assert.That(size, Is.LessThanOrEqualTo(2_000_000));
        Assert.That(tiny.Train.Pixels.Any(p => p > 200) && tiny.Train.Pixels.Any(p => p == 0), "real images, not blanks");
    }

    [Test]
    public void TheDebianPackageGivesTheFullSplit()
    {
        // .ci/run and scripts/test.sh install dataset-fashion-mnist; without it this test fails by design.
        Assert.That(FashionMnist.HasAllFiles(Debian), $"{Debian} is missing: apt-get install dataset-fashion-mnist");
        using var cache = new TempDirectory();
        var data = WithoutEnv(() => FashionMnist.Load(new FashionMnistOptions { CacheDirectory = cache.Path, AllowDownload = false }));
        Assert.That(data.Origin, Is.EqualTo(DataOrigin.SystemPackage));
        Assert.That((data.Train.Count, data.Test.Count), Is.EqualTo((60000, 10000)));
        Assert.That(data.Train.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(6000));
        // The embedded subset is the first 250 of each class of the full set, in file order.
        var tiny = FashionMnist.LoadTiny();
        Assert.That(tiny.Train.Pixels.AsSpan(0, 784).SequenceEqual(data.Train.Pixels.AsSpan(0, 784)));
    }

    [Test]
    public void LookupOrderIsExplicitThenEnvironmentThenCacheThenSystem()
    {
        using var env = new TempDirectory();
        using var cache = new TempDirectory();
        using var system = new TempDirectory();
        using var explicitDir = new TempDirectory();
        WriteFakeSet(env.Path, 3);
        WriteFakeSet(cache.Path, 4);
        WriteFakeSet(system.Path, 5);
        WriteFakeSet(explicitDir.Path, 6);
        var options = new FashionMnistOptions { CacheDirectory = cache.Path, SystemDirectory = system.Path, AllowDownload = false };

        Assert.That(WithEnv(env.Path, () => FashionMnist.Load(options with { Path = explicitDir.Path })).Train.Count, Is.EqualTo(6));
        var fromEnv = WithEnv(env.Path, () => FashionMnist.Load(options));
        Assert.That((fromEnv.Origin, fromEnv.Train.Count), Is.EqualTo((DataOrigin.EnvironmentVariable, 3)));
        var fromCache = WithoutEnv(() => FashionMnist.Load(options));
        Assert.That((fromCache.Origin, fromCache.Train.Count), Is.EqualTo((DataOrigin.UserCache, 4)));
        var fromSystem = WithoutEnv(() => FashionMnist.Load(options with { CacheDirectory = env.File("empty") }));
        Assert.That((fromSystem.Origin, fromSystem.Train.Count), Is.EqualTo((DataOrigin.SystemPackage, 5)));
        var fallback = WithoutEnv(() => FashionMnist.Load(options with { CacheDirectory = env.File("empty"), SystemDirectory = env.File("none") }));
        Assert.That(fallback.Origin, Is.EqualTo(DataOrigin.Embedded));
        Assert.Throws<FileNotFoundException>(() => WithoutEnv(() =>
            FashionMnist.Load(options with { CacheDirectory = env.File("empty"), SystemDirectory = env.File("none"), FallBackToEmbedded = false })));
    }

    [Test]
    public void ExplicitPathWithoutTheFilesNamesThePath()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(new FashionMnistOptions { Path = dir.Path }));
        Assert.That(e!.Message, Does.Contain(dir.Path));
    }

    [Test]
    public void FailedDownloadFallsBackToTheSubsetAndLeavesNothingInTheCache()
    {
        using var cache = new TempDirectory();
        using var server = new LocalHttpServer(new byte[1000], dropAfter: 100);
        var messages = new List<string>();
        var data = WithoutEnv(() => FashionMnist.Load(new FashionMnistOptions
        {
            CacheDirectory = cache.Path, SystemDirectory = cache.File("none"), DownloadBaseUrl = server.BaseUrl,
            DownloadTimeout = TimeSpan.FromSeconds(10), Log = messages.Add,
        }));
        Assert.That(data.Origin, Is.EqualTo(DataOrigin.Embedded));
        Assert.That(server.Requests, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(cache.Path), Is.Empty);
        Assert.That(messages.Last(), Does.Contain("embedded subset").And.Contain("train-images-idx3-ubyte.gz"));
    }

    private static void WriteFakeSet(string folder, int count)
    {
        IdxWriter.WritePair(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), count);
        IdxWriter.WritePair(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), count);
    }

    private static T WithEnv<T>(string? value, Func<T> body)
    {
        var old = Environment.GetEnvironmentVariable("FASTDAYS_DATA");
        Environment.SetEnvironmentVariable("FASTDAYS_DATA", value);
        try { return body(); }
        finally { Environment.SetEnvironmentVariable("FASTDAYS_DATA", old); }
    }

    private static T WithoutEnv<T>(Func<T> body) => WithEnv(null, body);
}
