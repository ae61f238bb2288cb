using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using Hangfire;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Extensions;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tickets;

namespace TaskDesk.Tests.Web.Components;

/// <summary>The New ticket page over the real intake of an app with the demo data (its "IT / Technology" workflow initialized).</summary>
public sealed class NewTicketPageTests : MudComponentTest
{
    private const string Admin = "admin@taskdesk.local";

    // Tina is an IT technician: the demo workflow's first step goes to an agent, so she is not on a ticket she raises.
    private const string Tina = "tina.tech@taskdesk.local";

    private TaskDeskApp _app = null!;

    // The services are set per test (who signs in, which app), so the provider renders once they are.
    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _app?.Dispose();
    }

    [Fact]
    public async Task NoWorkflowInitialized_SaysSo_AndNothingCanBeSubmitted()
    {
        var page = await RenderAsync(Admin, demoData: false);

        page.WaitForElement("[data-testid=no-workflows]");
        page.Find("input[data-testid=ticket-subject]").Input("Printer jams");

        Assert.Contains("No workflow takes tickets yet", page.Find("[data-testid=no-workflows]").TextContent);
        Assert.True(page.Find("[data-testid=ticket-submit]").HasAttribute("disabled"));
        Assert.True(Disabled(page, "ticket-department"));
    }

    [Fact]
    public async Task ChangingADepartmentOrCategory_EmptiesWhatHangsBelowIt()
    {
        var page = await RenderAsync(Admin, demoData: true, beforeRender: async admin =>
        {
            await InitializeWorkflowAsync(admin, "Laptops", "IT", "Hardware", "Laptop");
            await InitializeWorkflowAsync(admin, "Onboarding", "HR", "People", "");
        });
        page.WaitForAssertion(() => Assert.Equal(["HR", "IT"], Options(page, "ticket-department")));

        await ChooseAsync(page, "ticket-department", "IT");
        Assert.Equal(["Hardware", "Technology"], Options(page, "ticket-category"));
        await ChooseAsync(page, "ticket-category", "Hardware");
        await ChooseAsync(page, "ticket-sub-category", "Laptop");

        await ChooseAsync(page, "ticket-category", "Technology");
        Assert.Null(Select(page, "ticket-sub-category").Instance.GetState(x => x.Value));
        Assert.Equal(["Support Request"], Options(page, "ticket-sub-category"));

        await ChooseAsync(page, "ticket-sub-category", "Support Request");
        await ChooseAsync(page, "ticket-department", "HR");
        Assert.Null(Select(page, "ticket-category").Instance.GetState(x => x.Value));
        Assert.Null(Select(page, "ticket-sub-category").Instance.GetState(x => x.Value));
        Assert.Equal(["People"], Options(page, "ticket-category"));
        Assert.True(page.Find("[data-testid=ticket-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Submitted_ShowsTheNumber_ThenALinkToItsTask_ForSomeoneWhoMaySeeIt()
    {
        var page = await RenderAsync(Admin, demoData: true);
        await FillAsync(page, "Printer on floor 3 jams");

        await ClickAsync(page, "[data-testid=ticket-submit]");

        var number = page.WaitForElement("[data-testid=ticket-number]").TextContent;
        var link = page.WaitForElement("[data-testid=ticket-task-link]", TimeSpan.FromSeconds(30));
        await using var db = _app.CreateDbContext();
        var taskId = await db.Tasks.Where(t => db.Tickets.Any(k => k.Id == t.TicketId && k.TicketNumber == number)).Select(t => t.Id).SingleAsync();
        Assert.Equal($"tasks/{taskId}", link.GetAttribute("href"));
        Assert.Equal("matched", page.Find("[data-testid=ticket-intake]").GetAttribute("data-state"));
        Assert.Equal("", page.Find("input[data-testid=ticket-subject]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task Submitted_BySomeoneNotOnTheTask_SaysItIsMatched_WithoutALink()
    {
        var page = await RenderAsync(Tina, demoData: true);
        await FillAsync(page, "Monitor flickers");

        await ClickAsync(page, "[data-testid=ticket-submit]");

        page.WaitForAssertion(() => Assert.Equal("matched", page.Find("[data-testid=ticket-intake]").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        Assert.Contains("IT Support Request", page.Find("[data-testid=ticket-intake]").TextContent);
        Assert.Contains("its assignees take it from here", page.Find("[data-testid=ticket-intake]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=ticket-task-link]"));
    }

    [Fact]
    public async Task BeforeIntakeRuns_SaysNotMatchedYet_AndShowsTheTaskOnceItHas()
    {
        var jobs = new HeldJobs();
        var page = await RenderAsync(Admin, demoData: true, jobs: jobs);
        await FillAsync(page, "Keyboard misses keys");

        await ClickAsync(page, "[data-testid=ticket-submit]");

        var number = page.WaitForElement("[data-testid=ticket-number]").TextContent;
        Assert.Equal("received", page.Find("[data-testid=ticket-intake]").GetAttribute("data-state"));
        Assert.Contains("Not matched yet", page.Find("[data-testid=ticket-intake]").TextContent);
        Assert.Single(jobs.Held);

        await _app.Service<TicketService>().ProcessAsync(number);

        page.WaitForElement("[data-testid=ticket-task-link]", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AWorkflowThatStopsTakingTickets_BeforeSubmit_LeavesTheTicketUnmatched_AndThePageSaysSo()
    {
        HttpClient? admin = null;
        var page = await RenderAsync(Admin, demoData: true, beforeRender: client => Task.FromResult(admin = client));
        await FillAsync(page, "Mouse double-clicks");
        var workflowId = await WorkflowIdAsync("IT Support Request");
        Assert.Equal(HttpStatusCode.OK, (await admin!.PostAsync($"/api/workflows/{workflowId}/pause", null)).StatusCode);

        await ClickAsync(page, "[data-testid=ticket-submit]");

        page.WaitForAssertion(() => Assert.Equal("unmatched", page.Find("[data-testid=ticket-intake]").GetAttribute("data-state")), TimeSpan.FromSeconds(30));
        Assert.Contains("IT / Technology", page.Find("[data-testid=ticket-intake]").TextContent);
    }

    [Fact]
    public async Task ATicketTheDatabaseCouldNotStore_KeepsWhatWasTyped_AndGoesInWhenSentAgain()
    {
        var database = new SwitchableDatabase();
        var page = await RenderAsync(Admin, demoData: true, database: database);
        await FillAsync(page, "Scanner offline", "Since the power cut.");
        database.Away = true;

        await ClickAsync(page, "[data-testid=ticket-submit]");

        page.WaitForAssertion(() => Assert.Contains("could not be stored just now", page.Find("[data-testid=ticket-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Scanner offline", page.Find("input[data-testid=ticket-subject]").GetAttribute("value"));
        Assert.Equal("Since the power cut.", page.Find("textarea[data-testid=ticket-description]").GetAttribute("value"));

        database.Away = false;
        await ClickAsync(page, "[data-testid=ticket-submit]");

        var number = page.WaitForElement("[data-testid=ticket-number]").TextContent;
        await using var db = _app.CreateDbContext();
        Assert.Equal([number], await db.Tickets.Select(t => t.TicketNumber).ToListAsync());
    }

    [Fact]
    public async Task ATicketWhoseJobCannotBeQueued_IsStillReceived_ForTheIntakeSweep()
    {
        var page = await RenderAsync(Admin, demoData: true, jobs: new UnreachableJobs());
        await FillAsync(page, "Badge reader beeps");

        await ClickAsync(page, "[data-testid=ticket-submit]");

        var number = page.WaitForElement("[data-testid=ticket-number]").TextContent;
        Assert.Equal("received", page.Find("[data-testid=ticket-intake]").GetAttribute("data-state"));
        Assert.Empty(page.FindAll("[data-testid=ticket-error]"));
        await using var db = _app.CreateDbContext();
        Assert.Equal(TaskDesk.Domain.Tickets.TicketIntakeStatus.Received, await db.Tickets.Where(t => t.TicketNumber == number).Select(t => t.Status).SingleAsync());
    }

    [Fact]
    public async Task ARefusedTicket_KeepsWhatWasTyped_AndSaysWhatIsWrong()
    {
        var page = await RenderAsync(Admin, demoData: true);
        var subject = new string('s', 301);
        await FillAsync(page, subject, "Half a day of notes.");

        await ClickAsync(page, "[data-testid=ticket-submit]");

        page.WaitForAssertion(() => Assert.Equal("subject must be at most 300 characters.", page.Find(".mud-input-control:has(input[data-testid=ticket-subject]) .mud-input-helper-text").TextContent.Trim()));
        Assert.Equal(subject, page.Find("input[data-testid=ticket-subject]").GetAttribute("value"));
        Assert.Equal("Half a day of notes.", page.Find("textarea[data-testid=ticket-description]").GetAttribute("value"));
        Assert.Empty(page.FindAll("[data-testid=ticket-received]"));
        await using var db = _app.CreateDbContext();
        Assert.False(await db.Tickets.AnyAsync());
    }

    private async Task<IRenderedComponent<NewTicketPage>> RenderAsync(
        string email, bool demoData, IBackgroundJobClient? jobs = null, Func<HttpClient, Task>? beforeRender = null, SwitchableDatabase? database = null)
    {
        _app = new TaskDeskApp(seedDemoData: demoData);
        var adminEmail = demoData ? Admin : TaskDeskApp.AdminEmail;
        var user = await UserAsync(email == Admin ? adminEmail : email);
        if (beforeRender is not null)
        {
            await beforeRender(await _app.ClientForAsync(adminEmail, demoData ? TaskDesk.Web.Features.Setup.DemoData.Password : TaskDeskApp.Password));
        }

        var contexts = _app.Service<IDbContextFactory<TaskDeskDbContext>>();
        if (database is not null)
        {
            database.Inner = contexts;
        }

        Ctx.Services.AddSingleton(jobs is null && database is null
            ? _app.Service<TicketService>()
            : new TicketService(
                database ?? contexts, jobs ?? _app.Service<IBackgroundJobClient>(), _app.Service<VersionDefinitions>(), _app.Service<EmailOutbox>(),
                TimeProvider.System, _app.Service<ILogger<TicketService>>()));
        Ctx.Services.AddSingleton(_app.Service<TaskDetails>());
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized(user.Email!);
        Claim[] roles = email == Admin ? [new Claim(ClaimTypes.Role, AppRoles.Administrator)] : [];
        auth.SetClaims([new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)), .. roles]);

        await base.InitializeAsync();
        return Ctx.Render<NewTicketPage>();
    }

    private async Task<AppUser> UserAsync(string email)
    {
        await using var db = _app.CreateDbContext();
        return await db.Users.SingleAsync(u => u.Email == email);
    }

    private async Task<int> WorkflowIdAsync(string name)
    {
        await using var db = _app.CreateDbContext();
        return await db.Workflows.Where(w => w.Name == name).Select(w => w.Id).SingleAsync();
    }

    private static async Task InitializeWorkflowAsync(HttpClient admin, string name, string department, string category, string subCategory)
    {
        var body = JsonNode.Parse(Json.File("seed-create-workflow.json"))!.AsObject();
        body["workflow"]!["name"] = name;
        body["workflow"]!["department"] = department;
        body["workflow"]!["category"] = category;
        body["workflow"]!["sub_category"] = subCategory;
        var created = await admin.PostAsync("/api/workflows", Json.Body(body));
        var json = await Json.ReadAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        var id = (int)json["workflow"]!["workflow_id"]!;
        foreach (var action in new[] { "deploy", "initialize" })
        {
            var moved = await admin.PostAsync($"/api/workflows/{id}/{action}", null);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"{action}: {await moved.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task FillAsync(IRenderedComponent<NewTicketPage> page, string subject, string description = "")
    {
        page.WaitForAssertion(() => Assert.NotEmpty(Options(page, "ticket-department")));
        await page.InvokeAsync(() => page.Find("input[data-testid=ticket-subject]").Input(subject));
        await page.InvokeAsync(() => page.Find("textarea[data-testid=ticket-description]").Change(description));
        await ChooseAsync(page, "ticket-department", "IT");
        await ChooseAsync(page, "ticket-category", "Technology");
    }

    /// <summary>Picks a value as a click on its item would: through the select, so the page's own change handlers run.</summary>
    private static async Task ChooseAsync(IRenderedComponent<NewTicketPage> page, string testId, string value)
    {
        var select = Select(page, testId);
        Assert.False(Disabled(page, testId), $"{testId} is disabled");
        Assert.Contains(value, Options(page, testId));
        await page.InvokeAsync(() => select.Instance.SelectOption(value));
        page.WaitForAssertion(() => Assert.Equal(value, Select(page, testId).Instance.GetState(x => x.Value)));
    }

    private static IRenderedComponent<MudSelect<string>> Select(IRenderedComponent<NewTicketPage> page, string testId) =>
        page.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));

    private static bool Disabled(IRenderedComponent<NewTicketPage> page, string testId) => Select(page, testId).Find("input").HasAttribute("disabled");

    /// <summary>The values a select offers, in order (its items, whether or not its menu is open).</summary>
    private static List<string> Options(IRenderedComponent<NewTicketPage> page, string testId) =>
        Select(page, testId).FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value!).ToList();

    private static Task ClickAsync(IRenderedComponent<NewTicketPage> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).ClickAsync(new MouseEventArgs()));
}
