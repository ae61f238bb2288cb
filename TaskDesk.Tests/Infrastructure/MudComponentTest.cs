using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// A bUnit context set up for MudBlazor: loose JS interop, its services, a popover provider, and an asynchronous
/// dispose (MudBlazor's services are only IAsyncDisposable).
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    protected BunitContext Ctx { get; } = CreateContext();

    /// <summary>
    /// A context set up as this class sets up its own, for a test class that needs another base (e.g. a running app);
    /// <paramref name="configure"/> adds services and authorization before anything renders.
    /// </summary>
    public static BunitContext CreateContext(Action<BunitContext>? configure = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        configure?.Invoke(ctx);
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Ctx.DisposeAsync();
}
