using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MicroPython.Sandbox.TestKit;

/// <summary>
/// An HTTP server on 127.0.0.1 for network tests (nothing leaves the machine). Routes: <c>/json</c> describes the
/// request (method, path with query, X-Test, whether Authorization and Cookie came), <c>/echo</c> returns the body with
/// its content type, <c>/redirect?to=URL</c> answers 302, <c>/bytes?n=N</c> sends N bytes, <c>/hang</c> never answers,
/// <c>/cookie</c> sets a cookie.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _ = Task.Run(Serve);
    }

    public int Port { get; }

    /// <summary>The origin, e.g. http://127.0.0.1:5123.</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    /// <summary>Requests that reached the server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            string path = request.Url!.AbsolutePath;
            switch (path)
            {
                case "/json":
                {
                    var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
                    {
                        ["method"] = request.HttpMethod,
                        ["path"] = request.Url.PathAndQuery,
                        ["x_test"] = request.Headers["X-Test"],
                        ["authorized"] = request.Headers["Authorization"] is not null,
                        ["cookie"] = request.Headers["Cookie"] is not null,
                    });
                    response.ContentType = "application/json";
                    await response.OutputStream.WriteAsync(body);
                    break;
                }
                case "/echo":
                {
                    using var buffer = new MemoryStream();
                    await request.InputStream.CopyToAsync(buffer);
                    response.StatusCode = 201;
                    response.ContentType = request.ContentType ?? "application/octet-stream";
                    await response.OutputStream.WriteAsync(buffer.ToArray());
                    break;
                }
                case "/redirect":
                    response.StatusCode = 302;
                    response.RedirectLocation = request.QueryString["to"];
                    break;
                case "/bytes":
                {
                    long n = long.Parse(request.QueryString["n"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                    response.SendChunked = request.QueryString["chunked"] is not null;
                    if (!response.SendChunked) response.ContentLength64 = n;
                    var block = new byte[64 * 1024];
                    Array.Fill(block, (byte)'x');
                    for (long sent = 0; sent < n; sent += block.Length)
                        await response.OutputStream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, n - sent)), _stop.Token);
                    break;
                }
                case "/hang":
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case "/cookie":
                    response.AppendHeader("Set-Cookie", "session=host-secret; Path=/");
                    await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("ok"));
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }
            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
