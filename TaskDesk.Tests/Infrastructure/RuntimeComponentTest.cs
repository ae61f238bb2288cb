using System.Globalization;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TaskDesk.Data.Identity;
using TaskDesk.Web.Features.Notifications;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// bUnit over the real app: the seed's runtime world (<see cref="RuntimeTest"/>) on its own SQLite file, and a MudBlazor
/// test context whose components get the app's real services (TaskQueryService, TaskService, ...) from its container.
/// </summary>
public abstract class RuntimeComponentTest : RuntimeTest, IAsyncLifetime
{
    /// <summary>The app's singletons that pages and shared components inject, handed to bUnit as they are.</summary>
    private static readonly Type[] AppServices =
    [
        typeof(TimeProvider), typeof(IOptions<TaskDeskOptions>), typeof(TaskQueryService), typeof(TaskService), typeof(TaskDetails),
        typeof(TransferCandidates), typeof(TicketService), typeof(NotificationFeed), typeof(RoleService), typeof(UserService),
    ];

    /// <summary>How long a test waits for a component to show what the database answered (a loaded machine is slow, never wrong).</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected BunitContext Ctx { get; } = MudComponentTest.CreateContext(renderPopovers: false);

    /// <summary>Where MudBlazor draws open menus and select lists.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var service in AppServices)
        {
            Ctx.Services.AddSingleton(service, App.Services.GetRequiredService(service));
        }

        // Per circuit in the app; a test context is one circuit.
        Ctx.Services.AddScoped<SlaTicker>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Ctx.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>Signs the test's components in as one of the runtime's people (or <see cref="TaskDeskApp.AdminEmail"/>); once, before rendering.</summary>
    protected async Task SignInAsync(string email)
    {
        await using var db = App.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var isAdministrator = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ur.UserId == user.Id && r.Name == AppRoles.Administrator
                select ur)
            .AnyAsync();
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized(email);
        if (isAdministrator)
        {
            auth.SetRoles(AppRoles.Administrator);
        }

        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)));

        // bUnit takes no registrations once its renderer exists: the renderer (a live circuit) and the provider come last.
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Popovers = Ctx.Render<MudPopoverProvider>();
    }

    /// <summary>Opens a MudSelect (found by its data-testid) and returns the options it shows.</summary>
    protected IReadOnlyList<IElement> OpenSelect<T>(IRenderedComponent<T> host, string testId)
        where T : IComponent
    {
        host.WaitForElement($"[data-testid={testId}]", Patience);

        // Found and pressed in one go on the renderer, so a reload drawn in between cannot make the press miss.
        host.InvokeAsync(() =>
        {
            var select = host.Find($"[data-testid={testId}]");
            while (!select.HasAttribute("blazor:onmousedown"))
            {
                select = select.ParentElement ?? throw new InvalidOperationException($"[data-testid={testId}] is not inside a MudSelect.");
            }

            select.MouseDown();
        }).GetAwaiter().GetResult();
        return Popovers.WaitForElements(".mud-popover-open .mud-list-item", Patience);
    }

    /// <summary>
    /// Picks the option with this text in a native select (found by its data-testid), as a browser reports it: a change
    /// event with the option's value. The option must be there, so a test cannot pick a choice the page does not offer.
    /// </summary>
    protected void Pick<T>(IRenderedComponent<T> host, string testId, string option)
        where T : IComponent
    {
        host.WaitForElement($"select[data-testid={testId}]", Patience);
        host.InvokeAsync(() =>
        {
            var select = host.Find($"select[data-testid={testId}]");
            var value = select.QuerySelectorAll("option").Single(o => o.TextContent.Trim() == option).GetAttribute("value") ?? "";
            select.Change(value);
        }).GetAwaiter().GetResult();
    }

    /// <summary>Picks the option with this text in a MudSelect.</summary>
    protected void Choose<T>(IRenderedComponent<T> host, string testId, string option)
        where T : IComponent =>
        OpenSelect(host, testId).Single(i => i.TextContent.Trim() == option).Click();
}
