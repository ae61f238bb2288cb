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
        AddServices(Ctx.Services);
        Ctx.Render<MudPopoverProvider>();
    }

    protected BunitContext Ctx { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Adds what the components under test inject, before anything renders (bUnit refuses registrations after that).
    /// Runs in the base constructor: a derived test's field initializers have run, its constructor body has not.
    /// </summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public async Task DisposeAsync() => await Ctx.DisposeAsync();
}
