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
        AddServices(Ctx.Services);
    }

    protected BunitContext Ctx { get; } = CreateContext(renderPopovers: false);

    /// <summary>
    /// A context set up as this class sets up its own, for a test class that needs another base (e.g. a running app);
    /// <paramref name="configure"/> adds services and authorization before anything renders.
    /// </summary>
    public static BunitContext CreateContext(Action<BunitContext>? configure = null, bool renderPopovers = true)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        configure?.Invoke(ctx);
        if (renderPopovers)
        {
            ctx.Render<MudPopoverProvider>();
        }

        return ctx;
    }

    /// <summary>Where open menus, selects and popovers render their content.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    /// <summary>Renders the popover provider; a test class adds its services first, then calls this (services are fixed at the first render).</summary>
    public virtual Task InitializeAsync()
    {
        Popovers = Ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds what the components under test inject, before anything renders (bUnit refuses registrations after that).
    /// Runs in the base constructor: a derived test's field initializers have run, its constructor body has not.
    /// </summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync() => await Ctx.DisposeAsync();
}
