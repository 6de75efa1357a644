using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Serve;
using FastDays.Tabular.Data;
using FastDays.Tabular.Learning;
using FastDays.Tests.Support;
using FastDays.Vision.Data;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using SkiaSharp;
using static TorchSharp.torch;

namespace FastDays.Tests.Serve;

/// <summary>The web app on real exports, hosted in memory (Microsoft.AspNetCore.Mvc.Testing): predictions equal the export's own, every bad request
/// gets its 4xx and a message, and the server keeps serving.</summary>
public sealed class ServeAppTests
{
    private TempDirectory _dir = null!;
    private string _imageExport = "", _tabularExport = "", _textExport = "", _image = "";

    [OneTimeSetUp]
    public void TrainTwoSmallModels()
    {
        _dir = new TempDirectory();
        // Images: a white square on black, left or right half.
        var rng = new Random(5);
        var rows = new List<string[]>();
        for (var i = 0; i < 24; i++)
        {
            var (x, y) = (rng.Next(0, 24), rng.Next(0, 18));
            using var bitmap = new SKBitmap(new SKImageInfo(30, 24, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.Black);
                using var paint = new SKPaint { Color = SKColors.White };
                canvas.DrawRect(x, y, 6, 6, paint);
            }
            using (var s = File.Create(_dir.File($"{i}.png"))) bitmap.Encode(s, SKEncodedImageFormat.Png, 100);
            rows.Add([$"{i}.png", x < 15 ? "left" : "right"]);
        }
        var block = new DataBlock<string[]>
        {
            Blocks = [new ImageBlock(), new CategoryBlock()], GetX = r => _dir.File(r[0]), GetY = r => r[1],
            Splitter = Splitters.EndSplitter(0.25), ItemTfms = [new Resize(20, ResizeMethod.Squish)],
            BatchTfms = Augmentation.AugTransforms(new AugOptions { Size = 16 }, Normalize.ImageNet()),
        };
        manual_seed(0);
        var learn = VisionLearners.VisionLearner(block.Dataloaders(rows, bs: 6), VisionArch.SimpleCnn(8, 16), path: _dir.Path);
        learn.Fit(1, 1e-3);
        (_imageExport, _image) = (learn.Export("image.fastdays"), _dir.File("3.png"));
        learn.Model.Dispose();
        // A table: the price of a colour and size.
        var table = new Table(["color", "size", "price"], [
            [.. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "red" : "blue")],
            [.. Enumerable.Range(0, 60).Select(i => (i % 7 + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [.. Enumerable.Range(0, 60).Select(i => (i % 3 == 0 ? 10 + i % 7 : 3 + i % 7 * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))]]);
        var dls = TabularDataLoaders.FromTable(table, "price", catNames: ["color"], contNames: ["size"], bs: 8);
        var tabular = TabularLearners.TabularLearner(dls, layers: [8], path: _dir.Path);
        tabular.Fit(1, 1e-2);
        _tabularExport = tabular.ExportTabular(dls.Procs, "tabular.fastdays");
        tabular.Model.Dispose();
        // Texts: praise or complaint.
        List<string> texts = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? $"tasty fresh lovely good {i % 5}" : $"stale awful broken bad {i % 5}")];
        List<string> labels = [.. texts.Select(t => t.StartsWith("tasty", StringComparison.Ordinal) ? "great" : "other")];
        var textDls = FastDays.Text.Data.TextDataLoaders.FromTexts(texts, labels,
            ([.. Enumerable.Range(0, 40).Where(i => i % 5 != 0)], [.. Enumerable.Range(0, 40).Where(i => i % 5 == 0)]),
            new FastDays.Text.Data.TextDataOptions { Bs = 8, SeqLen = 8, MinFreq = 1, Prefetch = 0 });
        var text = FastDays.Text.Learning.TextLearners.TextClassifierLearner(textDls,
            FastDays.Text.Models.AwdLstmConfig.Clas with { EmbSz = 16, NHid = 32, NLayers = 2 }, seqLen: 8, path: _dir.Path);
        text.FitOneCycle(2, 1e-2);
        _textExport = text.Export("text.fastdays");
        text.Model.Dispose();
    }

    [OneTimeTearDown]
    public void Clean() => _dir.Dispose();

    private static WebApplicationFactory<ServedModel> Host(string export, string maxBodyMb = "10", string onnx = "") =>
        new WebApplicationFactory<ServedModel>().WithWebHostBuilder(b => b.UseSetting("export", export).UseSetting("max-body-mb", maxBodyMb)
            .UseSetting("onnx", onnx));

    private static MultipartFormDataContent Upload(byte[] bytes, string name = "upload.png", string field = "file") =>
        new() { { new ByteArrayContent(bytes), field, name } };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("/predict", content);
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task AnUploadedImageIsPredictedAsTheExportPredictsIt()
    {
        await using var host = Host(_imageExport);
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/");
        Assert.That(page, Does.Contain("<input type=\"file\" id=\"file\" name=\"file\"").And.Contain("fetch(\"/predict\""));
        var (status, body) = await Post(client, Upload(await File.ReadAllBytesAsync(_image)));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var learn = ExportExtensions.LoadLearner(_imageExport);
        var expected = learn.Predict(_image);
        Assert.That(body.GetProperty("prediction").GetString(), Is.EqualTo(expected.Text));
        var probabilities = body.GetProperty("probabilities").EnumerateArray().ToDictionary(p => p.GetProperty("label").GetString()!,
            p => p.GetProperty("probability").GetDouble());
        Assert.That(probabilities.Keys, Is.EquivalentTo(learn.Vocab));
        for (var i = 0; i < learn.Vocab.Count; i++) Assert.That(probabilities[learn.Vocab[i]], Is.EqualTo(expected.Outputs[i]).Within(1e-6));
        learn.Model.Dispose();
        Assert.That(await client.GetFromJsonAsync<JsonElement>("/model") is var model && model.GetProperty("kind").GetString() == "image");
    }

    [Test]
    public async Task WithItsOnnxFileTheModelRunsInOnnxRuntimeAndAnswersTheSame()
    {
        var onnxFile = _dir.File("image.onnx");
        var learn = ExportExtensions.LoadLearner(_imageExport);
        FastDays.Onnx.OnnxExport.ExportOnnx(learn, onnxFile);
        learn.Model.Dispose();
        await using var torchHost = Host(_imageExport);
        await using var onnxHost = Host(_imageExport, onnx: onnxFile);
        using var torchClient = torchHost.CreateClient();
        using var onnxClient = onnxHost.CreateClient();
        Assert.That((await onnxClient.GetFromJsonAsync<JsonElement>("/model")).GetProperty("engine").GetString(), Is.EqualTo("onnxruntime"));
        Assert.That((await torchClient.GetFromJsonAsync<JsonElement>("/model")).GetProperty("engine").GetString(), Is.EqualTo("libtorch"));
        var bytes = await File.ReadAllBytesAsync(_image);
        var (torchStatus, torch) = await Post(torchClient, Upload(bytes));
        var (onnxStatus, onnx) = await Post(onnxClient, Upload(bytes));
        Assert.That((torchStatus, onnxStatus), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)), onnx.ToString());
        Assert.That(onnx.GetProperty("prediction").GetString(), Is.EqualTo(torch.GetProperty("prediction").GetString()));
        var (a, b) = (torch.GetProperty("probabilities").EnumerateArray().ToList(), onnx.GetProperty("probabilities").EnumerateArray().ToList());
        Assert.That(b.Select(p => p.GetProperty("label").GetString()), Is.EqualTo(a.Select(p => p.GetProperty("label").GetString())));
        Assert.That(b.Select(p => p.GetProperty("probability").GetDouble()), Is.EqualTo(a.Select(p => p.GetProperty("probability").GetDouble())).Within(1e-5));
        var (bad, error) = await Post(onnxClient, Upload("x"u8.ToArray(), "x.txt"));
        Assert.That(bad, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), error.ToString());
    }

    [Test]
    public async Task BadRequestsGetA4xxWithAMessageAndTheServerKeepsServing()
    {
        await using var host = Host(_imageExport, maxBodyMb: "1");
        using var client = host.CreateClient();
        var cases = new (string What, HttpContent Content, HttpStatusCode Status, string Message)[]
        {
            ("not an image", Upload("name,age\nx,1\n"u8.ToArray(), "data.csv"), HttpStatusCode.UnsupportedMediaType, "not an image"),
            ("an image bomb", Upload(ImageBombs.Png(100_000, 100_000), "bomb.png"), HttpStatusCode.UnsupportedMediaType, "MaxImagePixels"),
            ("2 MB over a 1 MB limit", Upload(new byte[2 << 20]), HttpStatusCode.RequestEntityTooLarge, "limit"),
            ("an empty file", Upload([]), HttpStatusCode.BadRequest, "empty"),
            ("the wrong field", Upload(await File.ReadAllBytesAsync(_image), field: "image"), HttpStatusCode.BadRequest, "'file'"),
            ("JSON to an image model", JsonContent.Create(new { text = "hello" }), HttpStatusCode.UnsupportedMediaType, "multipart"),
        };
        foreach (var (what, content, expected, message) in cases)
        {
            var (status, body) = await Post(client, content);
            Assert.That(status, Is.EqualTo(expected), $"{what}: {body}");
            Assert.That(body.GetProperty("error").GetString(), Does.Contain(message), what);
        }
        Assert.That(await client.GetStringAsync("/health"), Is.EqualTo("ok"));
        Assert.That((await Post(client, Upload(await File.ReadAllBytesAsync(_image)))).Status, Is.EqualTo(HttpStatusCode.OK), "still serving");
    }

    [Test]
    public async Task ConcurrentRequestsGetTheSameAnswerAsOneAtATime()
    {
        await using var host = Host(_imageExport);
        using var client = host.CreateClient();
        var bytes = await File.ReadAllBytesAsync(_image);
        var alone = (await Post(client, Upload(bytes))).Body.ToString();
        var together = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => (await Post(client, Upload(bytes))).Body.ToString())));
        Assert.That(together, Is.All.EqualTo(alone));
    }

    [Test]
    public async Task ATableRowIsPredictedAndUnknownColumnsAreRefusedByName()
    {
        await using var host = Host(_tabularExport);
        using var client = host.CreateClient();
        var page = await client.GetStringAsync("/");
        Assert.That(page, Does.Contain("name=\"color\"").And.Contain("name=\"size\""));
        var (status, body) = await Post(client, JsonContent.Create(new Dictionary<string, object?> { ["color"] = "red", ["size"] = 2.5 }));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var expected = TabularInference.Load(_tabularExport);
        var value = expected.Predict(new Dictionary<string, string?> { ["color"] = "red", ["size"] = "2.5" }).Value;
        var predicted = double.Parse(body.GetProperty("prediction").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(predicted, Is.EqualTo(value).Within(1e-5));
        expected.Learner.Model.Dispose();
        var (unknown, error) = await Post(client, JsonContent.Create(new Dictionary<string, object?> { ["colour"] = "red", ["size"] = 2.5 }));
        Assert.That((unknown, error.GetProperty("error").GetString()),
            Is.EqualTo((HttpStatusCode.BadRequest, "unknown column 'colour' (the model takes color, size)")));
        var (array, _) = await Post(client, JsonContent.Create(new[] { 1, 2 }));
        Assert.That(array, Is.EqualTo(HttpStatusCode.BadRequest));
        var (image, imageError) = await Post(client, Upload(await File.ReadAllBytesAsync(_image)));
        Assert.That(image, Is.EqualTo(HttpStatusCode.BadRequest), imageError.ToString());
        Assert.That((await Post(client, JsonContent.Create(new { color = "blue" }))).Status, Is.EqualTo(HttpStatusCode.OK), "a missing column is missing");
    }

    [Test]
    public async Task ATextIsPredictedAndAnEmptyOneIsRefused()
    {
        await using var host = Host(_textExport);
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Does.Contain("<textarea id=\"text\""));
        var (status, body) = await Post(client, JsonContent.Create(new { text = "stale awful broken bad 3" }));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var learn = ExportExtensions.LoadLearner(_textExport);
        var expected = FastDays.Text.Learning.TextInference.PredictTexts(learn, ["stale awful broken bad 3"])[0];
        learn.Model.Dispose();
        Assert.That(body.GetProperty("prediction").GetString(), Is.EqualTo(expected.Text));
        Assert.That(body.GetProperty("probabilities")[0].GetProperty("probability").GetDouble(), Is.EqualTo(expected.Outputs.Max()).Within(1e-6));
        var (empty, error) = await Post(client, JsonContent.Create(new { text = "  " }));
        Assert.That((empty, error.GetProperty("error").GetString()), Is.EqualTo((HttpStatusCode.BadRequest, "the text is empty")));
        Assert.That((await Post(client, JsonContent.Create(new { words = "hi" }))).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Post(client, Upload(await File.ReadAllBytesAsync(_image)))).Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [NeedsBrowser]
    [Test]
    public async Task InARealBrowserTheUploadedImagesPredictionAppearsOnThePage()
    {
        // Debian's chromium, headless, driven by Debian's chromium-driver; the app on a real socket on loopback.
        const string browser = "/usr/bin/chromium", driverFolder = "/usr/bin";
        Assert.That(File.Exists(browser) && File.Exists(Path.Combine(driverFolder, "chromedriver")),
            "the browser test needs Debian's chromium and chromium-driver (scripts/test.sh installs them)");
        await using var app = ServeApp.Build([_imageExport, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        var service = ChromeDriverService.CreateDefaultService(driverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Navigate().GoToUrl(app.Urls.First());
        driver.FindElement(By.Id("file")).SendKeys(_image);
        driver.FindElement(By.Id("predict")).Click();
        var shown = new WebDriverWait(driver, TimeSpan.FromSeconds(30))
            .Until(d => d.FindElement(By.Id("prediction")).Text is { Length: > 0 } t ? t : null);
        var learn = ExportExtensions.LoadLearner(_imageExport);
        var expected = learn.Predict(_image);
        learn.Model.Dispose();
        Assert.That(shown, Is.EqualTo(expected.Text));
        var rows = driver.FindElements(By.CssSelector("#probabilities tr"));
        Assert.That(rows, Has.Count.EqualTo(expected.Outputs.Length));
        Assert.That(rows[0].Text, Does.StartWith(expected.Text).And.EndWith(FormattableString.Invariant($"{100 * expected.Outputs.Max():F1} %")));
        // A file that is not an image: the page shows the server's message.
        var text = _dir.File("notes.txt");
        await File.WriteAllTextAsync(text, "not an image");
        driver.FindElement(By.Id("file")).SendKeys(text);
        driver.FindElement(By.Id("predict")).Click();
        var error = new WebDriverWait(driver, TimeSpan.FromSeconds(30))
            .Until(d => d.FindElement(By.Id("prediction")).Text is var t && t.StartsWith("error", StringComparison.Ordinal) ? t : null);
        Assert.That(error, Does.Contain("not an image"));
        await app.StopAsync();
    }
}
