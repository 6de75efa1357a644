using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastDays.Serve;
using SkiaSharp;

namespace FastDays.Benchmarks;

/// <summary>`serve-load`: the web app on loopback under a bounded load — requests from concurrent clients uploading one image to POST /predict —
/// with throughput, latency percentiles, errors and the process's resident memory before and after.</summary>
internal sealed class ServeLoadBenchmark : ExampleCommand<ServeLoadBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "serve-load";

    /// <inheritdoc />
    public override string Summary => "The web app (FastDays.Serve) on loopback: requests from concurrent clients, throughput, p50/p99 latency, memory";

    /// <inheritdoc />
    public override int Run(ServeLoadBenchmarkOptions o) => RunAsync(o).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(ServeLoadBenchmarkOptions o)
    {
        var image = o.Image.Length > 0 ? await File.ReadAllBytesAsync(o.Image) : NoisePng();
        var port = FreePort();
        string[] engine = o.Onnx.Length > 0 ? ["--onnx", o.Onnx] : [];
        await using var app = ServeApp.Build([o.Export, "--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Default", "Warning", .. engine]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 20; i++) await Post(client, image);   // warm up
        var before = Resident();
        var latencies = new double[o.Requests];
        var statuses = new HttpStatusCode[o.Requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < o.Requests; i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                statuses[i] = await Post(client, image);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var after = Resident();
        await app.StopAsync();
        Array.Sort(latencies);
        var errors = statuses.Count(s => s != HttpStatusCode.OK);
        Console.WriteLine($"{o.Requests:N0} requests from {o.Clients} clients in {seconds:F1} s: {o.Requests / seconds:F0} requests/s; latency p50 " +
            $"{latencies[latencies.Length / 2]:F1} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F1} ms; errors {errors}; resident " +
            $"{before / 1e6:F0} MB before, {after / 1e6:F0} MB after; model in {(o.Onnx.Length > 0 ? "ONNX Runtime" : "libtorch")}; " +
            $"{Environment.ProcessorCount} cores");
        return errors == 0 ? 0 : 1;
    }

    private static async Task<HttpStatusCode> Post(HttpClient client, byte[] image)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "image.png" } };
        using var response = await client.PostAsync("/predict", content);
        return response.StatusCode;
    }

    private static byte[] NoisePng()
    {
        var rng = new Random(0);
        using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < 28; y++)
            for (var x = 0; x < 28; x++)
            {
                var v = (byte)rng.Next(256);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
