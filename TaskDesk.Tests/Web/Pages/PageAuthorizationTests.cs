using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>
/// Walks every screen as each kind of person over real HTTP (cookie sign-in, prerendered pages): who gets the page, who
/// is sent to sign in, and who is turned away. A page refused to a signed-in person redirects to /access-denied (the
/// cookie handler's 403 for people); the Hangfire dashboard answers 401 / 403 itself.
/// </summary>
public sealed class PageAuthorizationTests : RuntimeTest
{
    private const string Ok = "200";
    private const string SignIn = "sign-in";
    private const string Denied = "access-denied";

    private static readonly string[] Pages =
    [
        "/tasks/my-tasks", "/tasks/owned-tickets", "/tasks/all-tasks", "/tickets/unmatched", "/tickets/new",
        "/workflows", "/admin/roles", "/admin/api-keys", "/admin/emails", "/hangfire",
    ];

    [Fact]
    public async Task Anonymous_IsSentToSignIn_Everywhere()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await WalkAsync(client, Expect(Pages.ToDictionary(p => p, _ => SignIn), ("/hangfire", "401")));
    }

    [Fact]
    public async Task Agent_GetsMyTasksAndNewTicket_AndIsTurnedAwayFromTheRest()
    {
        var client = await SignedInAsync("ava@tests.local");

        await WalkAsync(client, Expect(Pages.ToDictionary(p => p, _ => Denied), ("/tasks/my-tasks", Ok), ("/tickets/new", Ok), ("/hangfire", "403")));
        await AssertNavAsync(client, myTasks: true, ownedTickets: false, administration: false);
    }

    [Fact]
    public async Task TicketCoordinator_AlsoGetsOwnedTickets()
    {
        var client = await SignedInAsync("cole@tests.local");

        await WalkAsync(client, Expect(
            Pages.ToDictionary(p => p, _ => Denied), ("/tasks/my-tasks", Ok), ("/tasks/owned-tickets", Ok), ("/tickets/new", Ok), ("/hangfire", "403")));
        await AssertNavAsync(client, myTasks: true, ownedTickets: true, administration: false);
    }

    [Fact]
    public async Task SomeoneTakenOutOfTheCoordinatorRole_KeepsOwnedTicketsWhileTheyStillCoordinateATask()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-AUTH-1"));
        var coordinator = (int)(await TaskAsync(taskId))["coordinator_user_id"]!;
        var email = UserIds.Single(u => u.Value == coordinator).Key;
        var removed = await Admin.DeleteAsync($"/api/roles/{CoordinatorRole}/members/{coordinator}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var client = await SignedInAsync(email);

        Assert.Equal(Ok, await OutcomeAsync(client, "/tasks/owned-tickets"));
        Assert.Equal(Denied, await OutcomeAsync(await SignedInAsync("ava@tests.local"), "/tasks/owned-tickets"));
    }

    [Fact]
    public async Task Administrator_GetsEveryPage()
    {
        var client = await SignedInAsync(TaskDeskApp.AdminEmail);

        await WalkAsync(client, Pages.ToDictionary(p => p, _ => Ok));
        await AssertNavAsync(client, myTasks: true, ownedTickets: true, administration: true);
    }

    [Fact]
    public async Task TheAccessDeniedPage_SaysSo()
    {
        var client = await SignedInAsync("ava@tests.local");

        var page = await client.GetAsync("/access-denied");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"access-denied\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Expect(Dictionary<string, string> all, params (string Page, string Outcome)[] except)
    {
        foreach (var (page, outcome) in except)
        {
            all[page] = outcome;
        }

        return all;
    }

    /// <summary>Asks for every page and reports every one that answered otherwise, at once.</summary>
    private static async Task WalkAsync(HttpClient client, Dictionary<string, string> expected)
    {
        var wrong = new List<string>();
        foreach (var (page, outcome) in expected)
        {
            var actual = await OutcomeAsync(client, page);
            if (actual != outcome)
            {
                wrong.Add($"{page}: expected {outcome}, got {actual}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static async Task<string> OutcomeAsync(HttpClient client, string page)
    {
        var response = await client.GetAsync(page);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.OriginalString;
            return location.StartsWith("/sign-in", StringComparison.Ordinal) ? SignIn
                : location.StartsWith("/access-denied", StringComparison.Ordinal) ? Denied
                : $"redirect to {location}";
        }

        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK && body.Contains("data-testid=\"access-denied\"", StringComparison.Ordinal)
            ? "200 with the no-access message"
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AssertNavAsync(HttpClient client, bool myTasks, bool ownedTickets, bool administration)
    {
        var home = await client.GetStringAsync("/");
        Assert.Equal(myTasks, home.Contains("data-testid=\"nav-my-tasks\"", StringComparison.Ordinal));
        Assert.Equal(ownedTickets, home.Contains("data-testid=\"nav-owned-tickets\"", StringComparison.Ordinal));
        Assert.Equal(administration, home.Contains("data-testid=\"nav-all-tasks\"", StringComparison.Ordinal));
        Assert.Equal(administration, home.Contains("data-testid=\"nav-unmatched\"", StringComparison.Ordinal));
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await client.PostAsync("/api/auth/login?useCookies=true", Json.Body($$"""{"email": "{{email}}", "password": "{{TaskDeskApp.Password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }
}
