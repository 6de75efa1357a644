using System.Security.Cryptography;
using FastDays.Datasets;
using FastDays.Tests.Support;

namespace FastDays.Tests.Datasets;

public sealed class DataDownloaderTests
{
    private static readonly byte[] Body = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 13 % 251)).ToArray();
    private static readonly string Md5 = Convert.ToHexStringLower(MD5.HashData(Body));

    [Test]
    public void AWholeFileWithTheRightChecksumIsMovedIntoPlace()
    {
        using var dir = new TempDirectory();
        using var server = new LocalHttpServer(Body);
        DataDownloader.Download(new Uri(server.BaseUrl, "f.gz"), dir.File("f.gz"), Md5, TimeSpan.FromSeconds(30));
        Assert.That(File.ReadAllBytes(dir.File("f.gz")), Is.EqualTo(Body));
        Assert.That(Directory.GetFiles(dir.Path), Has.Length.EqualTo(1));
    }

    [Test]
    public void AWrongChecksumLeavesNoFile()
    {
        using var dir = new TempDirectory();
        using var server = new LocalHttpServer(Body);
        var e = Assert.Throws<InvalidDataException>(() =>
            DataDownloader.Download(new Uri(server.BaseUrl, "f.gz"), dir.File("f.gz"), new string('0', 32), TimeSpan.FromSeconds(30)));
        Assert.That(e!.Message, Does.Contain("f.gz").And.Contain(Md5));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }

    [Test]
    public void AConnectionDroppedMidFileLeavesNoFileAndKeepsAnOldCopy()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("f.gz"), "previous copy");
        using var server = new LocalHttpServer(Body, dropAfter: Body.Length / 3);
        var e = Assert.Throws<IOException>(() =>
            DataDownloader.Download(new Uri(server.BaseUrl, "f.gz"), dir.File("f.gz"), Md5, TimeSpan.FromSeconds(30)));
        Assert.That(e!.Message, Does.Contain("f.gz"));
        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { dir.File("f.gz") }));
        Assert.That(File.ReadAllText(dir.File("f.gz")), Is.EqualTo("previous copy"));
    }

    [Test]
    public void ARefusedConnectionIsAnIOException()
    {
        using var dir = new TempDirectory();
        int port;
        using (var server = new LocalHttpServer(Body)) port = server.BaseUrl.Port;
        var e = Assert.Throws<IOException>(() =>
            DataDownloader.Download(new Uri($"http://127.0.0.1:{port}/f.gz"), dir.File("f.gz"), Md5, TimeSpan.FromSeconds(10)));
        Assert.That(e!.Message, Does.Contain("127.0.0.1"));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }
}
