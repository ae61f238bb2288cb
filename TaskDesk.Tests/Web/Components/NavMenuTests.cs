using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.Identity;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Components.Layout;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

/// <summary>The drawer's links, drawn as markup: which a person sees, which one is current, and the Administration group.</summary>
public sealed class NavMenuTests : MudComponentTest
{
    // The menu opens no popover, and each test signs in its own way before anything renders (bUnit's services are fixed then).
    public override Task InitializeAsync() => Task.CompletedTask;

    private BunitAuthorizationContext SignIn(params string[] policies)
    {
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized("ava@tests.local");
        auth.SetPolicies(policies);
        if (policies.Contains(Policies.Administrator))
        {
            auth.SetRoles(AppRoles.Administrator);
        }

        return auth;
    }

    [Fact]
    public void AnAgent_SeesTheirOwnLinks_AndNeitherOwnedTicketsNorAdministration()
    {
        SignIn();

        var menu = Ctx.Render<NavMenu>();

        Assert.Equal(["Home", "My tasks", "New ticket", "Notifications", "Email preferences"], Texts(menu));
        Assert.Empty(menu.FindAll("[data-testid=nav-owned-tickets]"));
        Assert.Empty(menu.FindAll(".mud-nav-group"));
        Assert.Empty(menu.FindAll("[data-testid=nav-all-tasks]"));
    }

    [Fact]
    public void ACoordinator_AlsoSeesOwnedTickets()
    {
        SignIn(OwnedTicketsAccess.Policy);

        var menu = Ctx.Render<NavMenu>();

        Assert.Equal("tasks/owned-tickets", menu.Find("a[data-testid=nav-owned-tickets]").GetAttribute("href"));
        Assert.Empty(menu.FindAll(".mud-nav-group"));
    }

    [Fact]
    public void AnAdministrator_SeesTheAdministrationGroup_Expanded_AndCanFoldIt()
    {
        SignIn(OwnedTicketsAccess.Policy, Policies.Administrator);

        var menu = Ctx.Render<NavMenu>();

        var toggle = menu.Find(".mud-nav-group > button");
        Assert.Equal("Toggle Administration", toggle.GetAttribute("aria-label"));
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        Assert.Contains("Workflows", Texts(menu));
        var openApi = menu.FindAll("a.mud-nav-link").Single(a => a.TextContent.Trim() == "API (OpenAPI)");
        Assert.Equal("_blank", openApi.GetAttribute("target"));
        Assert.Equal("noopener noreferrer", openApi.GetAttribute("rel"));

        toggle.Click();

        Assert.Equal("false", menu.Find(".mud-nav-group > button").GetAttribute("aria-expanded"));
        Assert.Empty(menu.FindAll("[data-testid=nav-all-tasks]"));
        Assert.NotEmpty(menu.FindAll("[data-testid=nav-my-tasks]"));
    }

    [Fact]
    public void TheCurrentPage_IsMarkedActive_AndFollowsNavigation()
    {
        SignIn(Policies.Administrator);
        var navigation = Ctx.Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("tasks/my-tasks?page=2");

        var menu = Ctx.Render<NavMenu>();

        Assert.Equal(["My tasks"], Active(menu));
        Assert.Equal("page", menu.Find("a[data-testid=nav-my-tasks]").GetAttribute("aria-current"));

        // A page below a link's address keeps it current; Home is current only at the root.
        navigation.NavigateTo("admin/api-keys/new");
        menu.WaitForAssertion(() => Assert.Equal(["API keys"], Active(menu)));

        navigation.NavigateTo("");
        menu.WaitForAssertion(() => Assert.Equal(["Home"], Active(menu)));
        Assert.Null(menu.Find("a[data-testid=nav-my-tasks]").GetAttribute("aria-current"));

        // A prefix must end at a path segment: tasks/my-tasks-archive is not My tasks.
        navigation.NavigateTo("tasks/my-tasks-archive");
        menu.WaitForAssertion(() => Assert.Empty(Active(menu)));
    }

    private static List<string> Texts(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a.mud-nav-link .mud-nav-link-text").Select(e => e.TextContent.Trim()).ToList();

    private static List<string> Active(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a.mud-nav-link.active").Select(e => e.TextContent.Trim()).ToList();
}
