using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Scale;

/// <summary>
/// Scale-out for real: two processes of the built app on one PostgreSQL database (see <see cref="TwoProcessFixture"/>).
/// Needs the server scripts/test.sh starts; without one these tests fail and say so.
/// </summary>
[Trait("Category", TestPostgres.RequiresServer)]
public sealed partial class TwoProcessTests(TwoProcessFixture scale) : IClassFixture<TwoProcessFixture>
{
    [Fact]
    public async Task TicketsTakenInThroughBothProcessesAtOnce_AreDealtOutInExactRoundRobin()
    {
        await using var db = scale.CreateDbContext();
        var tasks = await TasksOfTheTicketsAsync(db);
        var firstAssignees = await db.TaskItems
            .Where(i => tasks.Contains(i.TaskId) && i.Origin == AssignmentOrigin.System)
            .GroupBy(i => i.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToListAsync();
        var coordinators = await db.Tasks.Where(t => tasks.Contains(t.Id)).GroupBy(t => t.CoordinatorUserId).Select(g => g.Count()).ToListAsync();

        var tickets = TwoProcessFixture.TicketsPerProcess * 2;
        Assert.Equal(tickets, tasks.Count);
        Assert.Equal(TwoProcessFixture.Technicians.Select(e => scale.UserIds[e]).Order(), firstAssignees.Select(a => a.UserId!.Value).Order());
        Assert.All(firstAssignees, a => Assert.Equal(tickets / TwoProcessFixture.Technicians.Length, a.Count));
        Assert.Equal(Enumerable.Repeat(tickets / TwoProcessFixture.Coordinators.Length, TwoProcessFixture.Coordinators.Length), coordinators);
    }

    [Fact]
    public async Task EachAssignmentAndTask_IsWarnedAndBreachedOnce_WithBothProcessesRunningTheScan()
    {
        await using (var db = scale.CreateDbContext())
        {
            var tasks = await TasksOfTheTicketsAsync(db);
            await WaitUntilAsync("every task and its triage assignment breached", async () =>
            {
                await using var poll = scale.CreateDbContext();
                return await poll.Tasks.CountAsync(t => tasks.Contains(t.Id) && t.BreachedAt != null) == tasks.Count
                    && await poll.TaskItems.CountAsync(i => tasks.Contains(i.TaskId) && i.Origin == AssignmentOrigin.System && i.BreachedAt != null) == tasks.Count;
            });
        }

        // More scans, in whichever process takes each one, over rows that are all warned and breached already.
        var scansSoFar = await scale.SucceededJobsAsync("SlaScanJob");
        await WaitUntilAsync("three more SLA scans", async () => await scale.SucceededJobsAsync("SlaScanJob") >= scansSoFar + 3);

        await using (var db = scale.CreateDbContext())
        {
            var tasks = await TasksOfTheTicketsAsync(db);
            var items = await db.TaskItems.Where(i => tasks.Contains(i.TaskId) && i.Origin == AssignmentOrigin.System).Select(i => i.Id).ToListAsync();
            var breachedEntries = await db.TaskItemHistory.Where(h => items.Contains(h.TaskItemId) && h.Status == AssignmentStatus.Breached)
                .GroupBy(h => h.TaskItemId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Enumerable.Repeat(1, items.Count), breachedEntries);

            var warnings = await db.OutboxEmails.Where(e => e.Kind == TaskEventKind.SlaWarning && tasks.Contains(e.TaskId))
                .Select(e => new { e.TaskId, e.TaskItemId, e.ToUserId }).ToListAsync();
            var breachNotices = await db.Notifications.Where(n => n.Kind == TaskEventKind.SlaBreach && tasks.Contains(n.TaskId))
                .Select(n => new { n.TaskId, n.TaskItemId, n.UserId }).ToListAsync();

            // Assignee and coordinator for each assignment, the coordinator for each task: once each.
            Assert.Equal(items.Count * 2 + tasks.Count, warnings.Count);
            Assert.Equal(warnings.Count, warnings.Distinct().Count());
            Assert.NotEmpty(breachNotices);
            Assert.Equal(breachNotices.Count, breachNotices.Distinct().Count());
        }

        Assert.True(await scale.ServersThatRanJobsAsync() >= 2, "both processes ran jobs");
    }

    [Fact]
    public async Task EachOutboxEmail_IsSentOnce_WithBothProcessesSendingAndSweeping()
    {
        await WaitUntilAsync("every task breached, so that every email of this test is written", async () =>
        {
            await using var db = scale.CreateDbContext();
            var tasks = await TasksOfTheTicketsAsync(db);
            return await db.Tasks.CountAsync(t => tasks.Contains(t.Id) && t.BreachedAt != null) == tasks.Count;
        });
        await WaitUntilAsync("no email waiting", async () =>
        {
            await using var db = scale.CreateDbContext();
            return !await db.OutboxEmails.AnyAsync(e => e.Status == OutboxEmailStatus.Pending);
        });

        // Two more sweeps in either process: a row sent already must not be sent again.
        var sweepsSoFar = await scale.SucceededJobsAsync("EmailSweepJob");
        await WaitUntilAsync("two more email sweeps", async () => await scale.SucceededJobsAsync("EmailSweepJob") >= sweepsSoFar + 2);

        List<long> sent;
        await using (var db = scale.CreateDbContext())
        {
            Assert.Equal(0, await db.OutboxEmails.CountAsync(e => e.Status == OutboxEmailStatus.Failed));
            sent = await db.OutboxEmails.Where(e => e.Status == OutboxEmailStatus.Sent).Select(e => e.Id).ToListAsync();
        }

        var received = scale.Smtp.Messages().Select(m => m.MessageId).ToList();
        var twice = received.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"sent more than once: {string.Join(", ", twice)}");
        Assert.Equal(sent.Select(id => $"taskdesk-outbox-{id}@{TwoProcessFixture.PublicHost}").Order(), received.Order());
        Assert.True(sent.Count > TwoProcessFixture.TicketsPerProcess * 2 * 2, $"only {sent.Count} emails: the assignments and SLA events write more");
    }

    [Fact]
    public async Task SignInCookie_IssuedByOneProcess_IsAcceptedByTheOther()
    {
        using var a = scale.A.Client();
        var signIn = await a.PostAsync("/api/auth/login?useCookies=true", Json.Body(new JsonObject { ["email"] = TaskDeskApp.AdminEmail, ["password"] = TaskDeskApp.Password }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)).Split(';')[0];

        using var b = scale.B.Client();
        var anonymous = await b.GetAsync("/api/roles");
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/roles");
        withCookie.Headers.Add("Cookie", cookie);
        var signedIn = await b.SendAsync(withCookie);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    /// <summary>
    /// The user who gets a transfer made through A has TaskDesk open in Chromium on B: B's relay reads the notification
    /// from the database and the page on B announces it and lists it under the bell, without a reload.
    /// </summary>
    [Fact]
    public async Task NotificationWrittenByOneProcess_ShowsOnAPageHeldByTheOther()
    {
        using var intoA = scale.IntegrationClient(scale.A);
        Assert.Equal(HttpStatusCode.Accepted, (await intoA.PostAsync("/api/tickets", Json.Body(TwoProcessFixture.Ticket("TX-LIVE-1")))).StatusCode);
        var taskId = (int)(await TwoProcessFixture.WaitForIntakeAsync(intoA, "TX-LIVE-1"))["task"]!["task_id"]!;
        int itemId, assignee;
        await using (var db = scale.CreateDbContext())
        {
            var item = await db.TaskItems.SingleAsync(i => i.TaskId == taskId);
            (itemId, assignee) = (item.Id, item.UserId!.Value);
        }

        var other = TwoProcessFixture.Technicians.First(e => scale.UserIds[e] != assignee);
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await BrowserFixture.LaunchChromiumAsync(playwright);
        var page = await (await chromium.NewContextAsync(new() { BaseURL = scale.B.BaseUrl })).NewPageAsync();
        await page.GotoAsync("/sign-in");
        await BrowserFixture.SignInAsync(page, other, TaskDeskApp.Password);
        await page.WaitForURLAsync(scale.B.BaseUrl + "/");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await page.EvaluateAsync("() => window.stillTheSamePage = true");

        using var admin = await TwoProcessFixture.SignedInAsync(scale.A, TaskDeskApp.AdminEmail);
        await TwoProcessFixture.PostAsync(admin, "/api/tasks/transfer", new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = scale.UserIds[other], ["notes"] = "to B's pages" });
        long notificationId;
        await using (var db = scale.CreateDbContext())
        {
            notificationId = await db.Notifications.Where(n => n.TaskId == taskId && n.UserId == scale.UserIds[other] && n.Kind == TaskEventKind.Transfer).Select(n => n.Id).SingleAsync();
        }

        // Only a notification delivered live pops up as a toast (other tests' jobs may raise the count meanwhile).
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasTextString = "Task Transferred To You: TX-LIVE-1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("button[data-testid=notification-bell]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=notification-{notificationId}]")).ToContainTextAsync("TX-LIVE-1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page on B was reloaded");
        Assert.Contains(notificationId, RelayedBy(scale.B));
    }

    private async Task<List<int>> TasksOfTheTicketsAsync(TaskDesk.Data.TaskDeskDbContext db)
    {
        var numbers = scale.TicketNumbers.ToList();
        return await db.Tasks.Join(db.Tickets, t => t.TicketId, k => k.Id, (t, k) => new { t.Id, k.TicketNumber })
            .Where(x => numbers.Contains(x.TicketNumber)).Select(x => x.Id).ToListAsync();
    }

    private static HashSet<long> RelayedBy(TaskDeskProcess process) =>
        process.Output.Select(line => RelayedLine().Match(line)).Where(m => m.Success)
            .SelectMany(m => m.Groups["ids"].Value.Split(',').Select(long.Parse)).ToHashSet();

    private static async Task WaitUntilAsync(string what, Func<Task<bool>> condition, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited in vain for {what}. {explain?.Invoke()}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"Relayed notifications (?<ids>[0-9,]+) to this process's open pages")]
    private static partial Regex RelayedLine();
}
