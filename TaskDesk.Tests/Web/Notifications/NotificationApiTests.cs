using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Notifications;

/// <summary><c>/api/me/notifications</c> over real notifications: tickets taken in and handed to Tina.</summary>
public sealed class NotificationApiTests : RuntimeTest
{
    private const string Tina = "tina@tests.local";
    private const string Theo = "theo@tests.local";

    [Fact]
    public async Task Notifications_AreTheCallersOwn_NewestFirst_AndPaged()
    {
        var tickets = new[] { "TX-N-1", "TX-N-2", "TX-N-3" };
        foreach (var number in tickets)
        {
            await HandToAsync(Tina, number);
        }

        var tina = await ClientAsync(Tina);
        var first = await GetOkAsync(tina, "/api/me/notifications?page_size=2");
        var second = await GetOkAsync(tina, "/api/me/notifications?page=2&page_size=2");

        Assert.Equal(3, (int)first["count"]!);
        Assert.Equal(2, (int)first["page_size"]!);
        var rows = first["results"]!.AsArray().Concat(second["results"]!.AsArray()).ToList();
        Assert.Equal(tickets.Reverse(), rows.Select(r => (string)r!["ticket_number"]!));
        Assert.All(rows, r => Assert.False((bool)r!["is_read"]!));
        Assert.All(rows, r => Assert.Contains((string)r!["kind"]!, new[] { "new_assignment", "transfer" }));
        var ids = rows.Select(r => (long)r!["notification_id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);

        // Theo's own list never shows Tina's rows.
        var theosIds = (await GetOkAsync(await ClientAsync(Theo), "/api/me/notifications?page_size=100"))["results"]!.AsArray().Select(r => (long)r!["notification_id"]!);
        Assert.Empty(theosIds.Intersect(ids));
    }

    [Fact]
    public async Task MarkRead_OfTheCallersOwn_ReadsIt_OnceOnly_AndLowersTheCount()
    {
        await HandToAsync(Tina, "TX-N-10");
        await HandToAsync(Tina, "TX-N-11");
        var tina = await ClientAsync(Tina);
        var newest = (await GetOkAsync(tina, "/api/me/notifications"))["results"]![0]!;
        var id = (long)newest["notification_id"]!;

        var read = await tina.PostAsync($"/api/me/notifications/{id}/read", null);
        var body = await Json.ReadAsync(read);
        var again = await Json.ReadAsync(await tina.PostAsync($"/api/me/notifications/{id}/read", null));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True((bool)body["is_read"]!);
        Assert.Equal((string)body["read_at"]!, (string)again["read_at"]!);
        Assert.Equal(1, await UnreadCountAsync(tina));
        var unread = await GetOkAsync(tina, "/api/me/notifications?unread_only=true");
        Assert.Equal(1, (int)unread["count"]!);
        Assert.NotEqual(id, (long)unread["results"]![0]!["notification_id"]!);
    }

    [Fact]
    public async Task MarkRead_OfSomeoneElses_Is404_AndLeavesItUnread()
    {
        await HandToAsync(Tina, "TX-N-20");
        var tina = await ClientAsync(Tina);
        var id = (long)(await GetOkAsync(tina, "/api/me/notifications"))["results"]![0]!["notification_id"]!;

        var response = await (await ClientAsync(Theo)).PostAsync($"/api/me/notifications/{id}/read", null);
        var problem = await Json.ReadAsync(response);
        var missing = await tina.PostAsync("/api/me/notifications/999999/read", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"You have no notification {id}.", (string)problem["detail"]!);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, await UnreadCountAsync(tina));
        await using var db = App.CreateDbContext();
        Assert.Null(await db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync());
    }

    [Fact]
    public async Task ReadAll_ReadsEveryUnreadOfTheCaller_AndNoOneElses()
    {
        await HandToAsync(Tina, "TX-N-30");
        await HandToAsync(Tina, "TX-N-31");
        await HandToAsync(Theo, "TX-N-32");
        var tina = await ClientAsync(Tina);
        var theo = await ClientAsync(Theo);
        var tinasBefore = await UnreadCountAsync(tina);
        var theosBefore = await UnreadCountAsync(theo);

        var response = await tina.PostAsync("/api/me/notifications/read-all", null);
        var body = await Json.ReadAsync(response);
        var again = await Json.ReadAsync(await tina.PostAsync("/api/me/notifications/read-all", null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(tinasBefore >= 2);
        Assert.Equal(tinasBefore, (int)body["marked"]!);
        Assert.Equal(0, (int)body["unread_count"]!);
        Assert.Equal(0, (int)again["marked"]!);
        Assert.Equal(0, await UnreadCountAsync(tina));
        Assert.Equal(0, (int)(await GetOkAsync(tina, "/api/me/notifications?unread_only=true"))["count"]!);
        Assert.True(theosBefore > 0);
        Assert.Equal(theosBefore, await UnreadCountAsync(theo));
    }

    [Fact]
    public async Task ReadAll_UpToTheNewestShown_LeavesLaterOnesUnread()
    {
        await HandToAsync(Tina, "TX-N-40");
        var tina = await ClientAsync(Tina);
        var shown = (long)(await GetOkAsync(tina, "/api/me/notifications"))["results"]![0]!["notification_id"]!;
        var before = await UnreadCountAsync(tina);
        await HandToAsync(Tina, "TX-N-41");

        var body = await Json.ReadAsync(await tina.PostAsync($"/api/me/notifications/read-all?up_to={shown}", null));

        Assert.Equal(before, (int)body["marked"]!);
        Assert.Equal(1, (int)body["unread_count"]!);
        var unread = (await GetOkAsync(tina, "/api/me/notifications?unread_only=true"))["results"]!.AsArray();
        Assert.True((long)Assert.Single(unread)!["notification_id"]! > shown);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page=two", "page")]
    [InlineData("page=21474838&page_size=100", "page")]
    [InlineData("unread_only=yes", "unread_only")]
    public async Task BadQuery_Is400_NamingTheParameter(string query, string parameter)
    {
        var response = await (await ClientAsync(Tina)).GetAsync("/api/me/notifications?" + query);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], Json.ErrorKeys(problem));
    }

    [Fact]
    public async Task WithoutSigningIn_Is401()
    {
        var anonymous = App.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me/notifications/unread-count")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
    }

    /// <summary>Takes a ticket in and, when round-robin gave it to someone else, transfers it: either way a notification for the user.</summary>
    private async Task HandToAsync(string email, string ticketNumber)
    {
        var taskId = await TaskIdOfAsync(TicketBody(ticketNumber));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        if (assignee != email)
        {
            var (status, body) = await PostAsync("/api/tasks/transfer", new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds[email] });
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }
    }

    private static async Task<JsonNode> GetOkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    private static async Task<int> UnreadCountAsync(HttpClient client) =>
        (int)(await GetOkAsync(client, "/api/me/notifications/unread-count"))["unread_count"]!;
}
