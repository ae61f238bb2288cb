using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>A request the receiver took: its path, headers and body as sent.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A small real HTTP server (Kestrel on a free loopback port) standing in for another system TaskDesk posts to. It
/// records every request, answers with <see cref="Answer"/>, and can hold its answers until <see cref="Release"/>.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private WebApplication? _app;
    private readonly List<TaskCompletionSource> _holds = [];
    private TaskCompletionSource _gate = Opened();
    private int _answer = (int)HttpStatusCode.OK;

    public string BaseUrl { get; private set; } = "";

    public HttpStatusCode Answer
    {
        get => (HttpStatusCode)Volatile.Read(ref _answer);
        set => Volatile.Write(ref _answer, (int)value);
    }

    /// <summary>What the receiver says along with a status other than 2xx.</summary>
    public string FailureBody { get; set; } = "The receiving system could not take this ticket.";

    /// <summary>A failure's body is announced longer than it is, and the rest never comes (a receiver stalled mid-answer).</summary>
    public bool StallFailureBody { get; set; }

    public static async Task<HttpReceiver> StartAsync()
    {
        var receiver = new HttpReceiver();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/{**path}", receiver.TakeAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return receiver;
    }

    public IReadOnlyList<ReceivedRequest> Requests() => [.. _requests];

    /// <summary>
    /// From now on requests are recorded but not answered until <see cref="Release"/>, or until the returned action
    /// releases the requests of this hold only (those that arrived before the next hold).
    /// </summary>
    public Action Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_holds)
        {
            _holds.Add(gate);
        }

        Interlocked.Exchange(ref _gate, gate);
        return () => gate.TrySetResult();
    }

    /// <summary>Answers every request held so far, and those to come.</summary>
    public void Release()
    {
        lock (_holds)
        {
            _holds.ForEach(gate => gate.TrySetResult());
        }

        Volatile.Read(ref _gate).TrySetResult();
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived (or 30 seconds pass) and returns them all.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Requests();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task TakeAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body));
        await Volatile.Read(ref _gate).Task;
        context.Response.StatusCode = (int)Answer;
        if (context.Response.StatusCode >= 300)
        {
            context.Response.ContentType = "text/plain";
            if (StallFailureBody)
            {
                context.Response.ContentLength = FailureBody.Length + 1000;
                await context.Response.WriteAsync(FailureBody);
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await context.Response.WriteAsync(FailureBody);
        }
    }
}
