using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>My Tasks in the browser, as the journeys that watch an assignment arrive use it.</summary>
internal static class MyTasksList
{
    /// <summary>Signs the user in, opens My Tasks from the menu and waits until its grid has loaded.</summary>
    public static async Task<IPage> OpenAsync(BrowserFixture browser, string email)
    {
        var page = await browser.SignedInPageAsync(email);
        await page.Locator("[data-testid=nav-my-tasks]").ClickAsync();
        await page.WaitForURLAsync(browser.BaseUrl + "/tasks/my-tasks");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=my-tasks-grid] [data-testid=no-rows], [data-testid=my-tasks-grid] [data-testid^=row-]").First).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The row of the ticket's task in a task list (My Tasks, Owned Tickets, All Tasks).</summary>
    public static ILocator Row(IPage page, string ticketNumber) =>
        page.Locator("tr", new() { Has = page.Locator($"[data-testid=row-{ticketNumber}]") });

    /// <summary>The emails of the role's members in the round-robin rotation.</summary>
    public static async Task<IReadOnlyList<string>> ActiveMembersAsync(TaskDeskApp app, string role)
    {
        await using var db = app.CreateDbContext();
        return await (
                from m in db.RoleMembers
                where m.Role.Name == role && m.IsActive
                join u in db.Users on m.UserId equals u.Id
                select u.Email!)
            .ToListAsync();
    }
}
