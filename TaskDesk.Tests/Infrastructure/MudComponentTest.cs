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
    }

    protected BunitContext Ctx { get; } = new();

    /// <summary>Where open menus, selects and popovers render their content.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    /// <summary>Renders the popover provider; a test class adds its services first, then calls this (services are fixed at the first render).</summary>
    public virtual Task InitializeAsync()
    {
        Popovers = Ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Ctx.DisposeAsync();
}
