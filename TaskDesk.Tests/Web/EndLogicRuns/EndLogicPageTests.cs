using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.EndLogicRuns;

namespace TaskDesk.Tests.Web.EndLogicRuns;

/// <summary>The administrators' end-logic page, rendered by bUnit over the real service and database of a running app.</summary>
public sealed class EndLogicPageTests : ApiTest
{
    private BunitContext? _ctx;

    private BunitContext Ctx => _ctx ?? throw new InvalidOperationException("The context is made in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        // No sweep while the test runs: the runs stay exactly as the test leaves them.
        App.WithSetting("TaskDesk:EndLogic:SweepCron", "0 0 1 1 *");
        await base.InitializeAsync();
        await using var db = App.CreateDbContext();
        var adminId = await db.Users.Where(u => u.Email == TaskDeskApp.AdminEmail).Select(u => u.Id).SingleAsync();
        _ctx = MudComponentTest.CreateContext(ctx =>
        {
            ctx.Services.AddSingleton(App.Service<EndLogicService>());
            ctx.Services.AddSingleton(App.Service<TimeProvider>());
            var auth = ctx.AddAuthorization();
            auth.SetAuthorized(TaskDeskApp.AdminEmail);
            auth.SetRoles(AppRoles.Administrator);
            auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, adminId.ToString(CultureInfo.InvariantCulture)));
        });
    }

    public override async Task DisposeAsync()
    {
        if (_ctx is not null)
        {
            await _ctx.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public void NoRuns_ShowsTheEmptyState()
    {
        var page = Ctx.Render<EndLogicPage>();

        page.WaitForElement("[data-testid=no-end-logic-runs]");
        Assert.Empty(page.FindAll("[data-testid=end-logic-retry]"));
        Assert.Empty(page.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public async Task FailedAndPendingRuns_AreListed_WithTheirTaskKindAttemptsErrorAndNextAttempt()
    {
        var (failed, pending) = await FailedAndPendingRunsAsync();

        var page = Ctx.Render<EndLogicPage>();

        page.WaitForElement($"[data-testid=end-logic-task-{failed}]");
        var rows = page.FindAll("[data-testid=end-logic-runs] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("TX-PAGE-FAILED", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("failed", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("HTTP 502 from the asset system", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal($"tasks/{failed}", page.Find($"[data-testid=end-logic-task-{failed}] a").GetAttribute("href"));
        Assert.Contains("TX-PAGE-PENDING", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("pending", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("budget", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains(" UTC", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal($"tasks/{pending}", page.Find($"[data-testid=end-logic-task-{pending}] a").GetAttribute("href"));
        Assert.Equal(2, page.FindAll("[data-testid=end-logic-retry]").Count);
    }

    [Fact]
    public async Task RetryOfARunThatIsDoneMeanwhile_IsRefused_ShowingWhy_AndTheListIsReloaded()
    {
        var (failed, _) = await FailedAndPendingRunsAsync();
        var page = Ctx.Render<EndLogicPage>();
        page.WaitForElement($"[data-testid=end-logic-task-{failed}]");

        // Another administrator's retry ran it while this page was open.
        await using (var db = App.CreateDbContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == failed);
            task.RetryEndLogic(DateTimeOffset.UtcNow);
            task.MarkEndLogicDone(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await page.FindAll("[data-testid=end-logic-retry]")[0].ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var refusal = page.WaitForElement("[data-testid=retry-refusal]");
        Assert.Contains("already ran", refusal.TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=end-logic-task-{failed}]")));
        Assert.Single(page.FindAll("[data-testid=end-logic-retry]"));
    }

    /// <summary>An asset run that failed for good and a budget run waiting an hour for its second attempt.</summary>
    private async Task<(int Failed, int Pending)> FailedAndPendingRunsAsync()
    {
        var scenario = new TaskScenario(App, Admin);
        await using var db = App.CreateDbContext();
        var adminId = await db.Users.Where(u => u.Email == TaskDeskApp.AdminEmail).Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<int>();
        foreach (var (endLogic, number) in new[] { ("asset", "TX-PAGE-FAILED"), ("budget", "TX-PAGE-PENDING") })
        {
            var workflow = await scenario.InitializeWorkflowAsync(SeedBody(), body =>
            {
                body["workflow"]!["name"] = $"{endLogic} workflow";
                body["workflow"]!["category"] = endLogic;
                body["workflow"]!["end_logic"] = endLogic;
            });
            var taskId = await scenario.AddTaskAsync(workflow, "Laptop handed out", TicketPriority.Low, now, adminId, adminId, ticketNumber: number);
            await scenario.CompleteAsync(workflow, taskId, adminId, now);
            ids.Add(taskId);
        }

        var tasks = await db.Tasks.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Id).ToListAsync();
        tasks[0].MarkEndLogicAttemptFailed("HTTP 502 from the asset system", null, now);
        tasks[1].MarkEndLogicAttemptFailed("Connection refused", now.AddHours(1), now);
        await db.SaveChangesAsync();
        return (ids[0], ids[1]);
    }
}
