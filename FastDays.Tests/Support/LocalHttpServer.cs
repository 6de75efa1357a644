using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastDays.Tests.Support;

/// <summary>A one-file HTTP server on 127.0.0.1 that can serve a body whole, or drop the connection part way.</summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts serving body; when dropAfter is set, only that many bytes are sent before the socket closes.</summary>
    public LocalHttpServer(byte[] body, int? dropAfter = null)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { return; }
                using (client)
                {
                    var stream = client.GetStream();
                    var request = new StringBuilder();
                    var buffer = new byte[4096];
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var n = await stream.ReadAsync(buffer);
                        if (n == 0) break;
                        request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    }
                    Requests++;
                    var header = $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
                    await stream.WriteAsync(body.AsMemory(0, dropAfter ?? body.Length));
                    await stream.FlushAsync();
                    if (dropAfter is not null) client.Client.LingerState = new LingerOption(true, 0);   // a reset, as a dropped connection looks
                }
            }
        });
    }

    /// <summary>The base URL of the server, ending in a slash.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many requests were answered.</summary>
    public int Requests { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
