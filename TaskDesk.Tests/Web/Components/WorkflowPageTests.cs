using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Features.Workflows;
using TaskDesk.Web.Features.Workflows.Designer;

namespace TaskDesk.Tests.Web.Components;

/// <summary>
/// The workflow page and its lifecycle buttons over the real services of an app (the seed's roles), signed in as its
/// administrator. The workflow service reads the app's database through a switch, so a test can take the database away.
/// </summary>
public sealed class WorkflowPageTests : ApiTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly BunitContext _ctx = MudComponentTest.CreateContext(renderPopovers: false);
    private readonly SwitchableDatabase _database = new();
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _database.Inner = App.Service<IDbContextFactory<TaskDeskDbContext>>();
        _ctx.Services.AddSingleton(new WorkflowService(_database, App.Service<TicketService>(), TimeProvider.System, App.Service<ILogger<WorkflowService>>()));
        _ctx.Services.AddSingleton(App.Service<RoleService>());
        _ctx.Services.AddSingleton(App.Service<UserService>());

        // The page's log goes to the app's, where a test can read it.
        _ctx.Services.AddSingleton(App.Service<ILoggerFactory>());
        _ctx.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        var admin = await App.AdministratorAsync();
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized(TaskDeskApp.AdminEmail);
        auth.SetRoles(AppRoles.Administrator);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin.UserId.ToString(CultureInfo.InvariantCulture)));
        _ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _ctx.Render<MudPopoverProvider>();
        _dialogs = _ctx.Render<MudDialogProvider>();
    }

    public override async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task AnActionClickedTwice_AsksOnce()
    {
        var id = await CreateSeedWorkflowAsync();
        var actions = _ctx.Render<WorkflowLifecycleActions>(p => p
            .Add(a => a.WorkflowId, id).Add(a => a.WorkflowName, "IT Support Request").Add(a => a.Status, WorkflowStatus.Draft));

        // Not awaited: each click's handler waits on the confirmation it opens.
        _ = actions.InvokeAsync(() => actions.Find("[data-testid=action-clone]").Click());
        _ = actions.InvokeAsync(() => actions.Find("[data-testid=action-clone]").Click());

        _dialogs.WaitForAssertion(() => Assert.Single(_dialogs.FindAll(".mud-dialog")), Patience);
        Assert.True(actions.Find("[data-testid=action-clone]").HasAttribute("disabled"));
        await AnswerAsync("Cancel");
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), Patience);
        actions.WaitForAssertion(() => Assert.False(actions.Find("[data-testid=action-clone]").HasAttribute("disabled")), Patience);
    }

    [Fact]
    public async Task AnActionWithUnsavedGraphEdits_IsRefusedBeforeItsConfirmation_AndTheEditsStay()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        await ClickAsync(page, "[data-testid=add-step]");
        page.WaitForElement("[data-testid=unsaved]", Patience);

        // Refused at once: a handler waiting on a confirmation would not finish.
        await ClickAsync(page, "[data-testid=action-delete]").WaitAsync(Patience);

        Assert.Contains(WorkflowLifecycleActions.UnsavedChanges, _ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
        Assert.Empty(_dialogs.FindAll(".mud-dialog"));
        Assert.Single(page.FindAll("[data-testid=unsaved]"));
        Assert.Equal(4, page.FindComponent<WorkflowCanvas>().Instance.Steps.Count);
        Assert.Equal("draft", await StatusOfAsync(id));
    }

    [Fact]
    public async Task LeavingWithUnsavedGraphEdits_AsksFirst_AndStayingKeepsThem()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        var navigation = _ctx.Services.GetRequiredService<NavigationManager>();
        var here = navigation.Uri;
        await ClickAsync(page, "[data-testid=add-step]");
        page.WaitForElement("[data-testid=unsaved]", Patience);

        _ = page.InvokeAsync(() => navigation.NavigateTo("workflows"));
        _dialogs.WaitForAssertion(() => Assert.Contains("unsaved changes", _dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Patience);
        await AnswerAsync("Stay");

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), Patience);
        Assert.Equal(here, navigation.Uri);
        Assert.Equal(4, page.FindComponent<WorkflowCanvas>().Instance.Steps.Count);
    }

    // A test of its own: a second navigation started while the first one's "Stay" was still being handled could be
    // dropped by the test's navigation manager (a clean-clone CI run on PostgreSQL).
    [Fact]
    public async Task LeavingWithUnsavedGraphEdits_AsksFirst_AndLeaveLeaves()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        var navigation = _ctx.Services.GetRequiredService<NavigationManager>();
        await ClickAsync(page, "[data-testid=add-step]");
        page.WaitForElement("[data-testid=unsaved]", Patience);

        _ = page.InvokeAsync(() => navigation.NavigateTo("workflows"));
        await AnswerAsync("Leave");

        _dialogs.WaitForAssertion(() => Assert.EndsWith("/workflows", navigation.Uri, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task LeavingWithNothingUnsaved_AsksNothing()
    {
        var id = await CreateSeedWorkflowAsync();
        RenderPage(id);
        var navigation = _ctx.Services.GetRequiredService<NavigationManager>();

        await _dialogs.InvokeAsync(() => navigation.NavigateTo("workflows"));

        _dialogs.WaitForAssertion(() => Assert.EndsWith("/workflows", navigation.Uri, StringComparison.Ordinal), Patience);
        Assert.Empty(_dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public async Task Deploy_FromAPageLoadedBeforeSomeoneElsesSave_IsRefused_AndTheWorkflowStaysDraft()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var nodes = graph["nodes"]!.DeepClone().AsArray();
        nodes.Single(n => (string)n!["name"]! == "Resolution")!["name"] = "Fix";
        var (saved, body) = await PutAsync($"/api/workflows/{id}/update-graph", new JsonObject { ["nodes"] = nodes, ["edges"] = graph["edges"]!.DeepClone() });
        Assert.True(saved == HttpStatusCode.OK, body.ToJsonString());

        _ = ClickAsync(page, "[data-testid=action-deploy]");
        await AnswerAsync("Deploy");

        var snackbar = _ctx.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message is { } message && message.Contains("changed by someone else", StringComparison.Ordinal)), Patience);
        Assert.Equal("draft", await StatusOfAsync(id));
    }

    [Fact]
    public async Task AGraphSaveTheDatabaseFails_KeepsTheDrawing_AndSaysSo_AndTheNextSaveStoresIt()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        await ClickAsync(page, "[data-testid=add-step]");
        _database.Away = true;

        await ClickAsync(page, "[data-testid=save-graph]");

        Assert.Equal(
            "The graph was not saved: The database is away. Your changes are kept; try again.",
            page.WaitForElement("[data-testid=graph-save-error]", Patience).TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid=unsaved]"));
        Assert.Equal(4, page.FindComponent<WorkflowCanvas>().Instance.Steps.Count);
        Assert.Contains($"The graph of workflow {id} could not be saved", App.Log.Text, StringComparison.Ordinal);

        _database.Away = false;
        await ClickAsync(page, "[data-testid=save-graph]");

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=unsaved], [data-testid=graph-save-error]")), Patience);
        Assert.Equal(4, (await GetAsync($"/api/workflows/{id}/graph"))["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task ADetailsSaveTheDatabaseFails_KeepsWhatWasTyped_AndSaysSo_AndTheNextSaveStoresIt()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        await page.InvokeAsync(() => page.Find("textarea[data-testid=description]").Input("Laptops, screens and docks."));
        _database.Away = true;

        await ClickAsync(page, "[data-testid=save-details]");

        Assert.StartsWith(
            "The details were not saved: The database is away. Your changes are kept; try again.",
            page.WaitForElement("[data-testid=save-error]", Patience).TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Laptops, screens and docks.", page.Find("textarea[data-testid=description]").GetAttribute("value"));
        Assert.Contains($"The details of workflow {id} could not be saved", App.Log.Text, StringComparison.Ordinal);

        _database.Away = false;
        await ClickAsync(page, "[data-testid=save-details]");

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=save-error]")), Patience);
        Assert.Equal("Laptops, screens and docks.", (string)(await GetAsync($"/api/workflows/{id}"))["workflow"]!["description"]!);
    }

    [Fact]
    public async Task ALifecycleMoveTheDatabaseFails_SaysSo_AndThePageLivesOn()
    {
        var id = await CreateSeedWorkflowAsync();
        var page = RenderPage(id);
        _database.Away = true;

        // Not awaited: the click's handler waits for the confirmation.
        _ = ClickAsync(page, "[data-testid=action-deploy]");
        await AnswerAsync("Deploy");

        var snackbar = _ctx.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message is { } message && message.Contains("could not be deployed just now", StringComparison.Ordinal)), Patience);
        _database.Away = false;
        Assert.Equal("draft", await StatusOfAsync(id));
        Assert.Contains($"Deploy of workflow {id} failed", App.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageTheDatabaseCannotLoad_SaysSo()
    {
        var id = await CreateSeedWorkflowAsync();
        _database.Away = true;

        var page = _ctx.Render<WorkflowPage>(p => p.Add(c => c.Id, id));

        Assert.Contains("could not be loaded just now", page.WaitForElement("[data-testid=page-error]", Patience).TextContent, StringComparison.Ordinal);
        Assert.Contains($"Workflow {id} could not be loaded", App.Log.Text, StringComparison.Ordinal);
    }

    private IRenderedComponent<WorkflowPage> RenderPage(int id)
    {
        var page = _ctx.Render<WorkflowPage>(p => p.Add(c => c.Id, id));
        page.WaitForElement("[data-testid=add-step]", Patience);
        return page;
    }

    /// <summary>Clicks the open dialog's button with this text.</summary>
    private Task AnswerAsync(string button)
    {
        _dialogs.WaitForElement(".mud-dialog button", Patience);
        return _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).Click());
    }

    private static Task ClickAsync<T>(IRenderedComponent<T> host, string selector)
        where T : IComponent =>
        host.InvokeAsync(() => host.Find(selector).ClickAsync(new MouseEventArgs()));
}
