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
    protected MudComponentTest()
    {
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Render<MudPopoverProvider>();
    }

    protected BunitContext Ctx { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Ctx.DisposeAsync();
}
