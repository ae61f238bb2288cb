using System.Net;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Tasks;

/// <summary>The task page through the real pipeline: its prerendered response carries the service's answer as its status.</summary>
public sealed class TaskPageResponseTests : RuntimeTest
{
    [Fact]
    public async Task TheAssignee_Gets200_AStranger_Gets403_AMissingTask_Is404()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PAGE-1"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);

        var (ownStatus, ownHtml) = await GetPageAsync(assignee, $"/tasks/{taskId}");
        var (strangerStatus, strangerHtml) = await GetPageAsync("ava@tests.local", $"/tasks/{taskId}");
        var (missingStatus, missingHtml) = await GetPageAsync(assignee, "/tasks/999999");

        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.Contains("Laptop not working", ownHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"task-actions\"", ownHtml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, strangerStatus);
        Assert.Contains("data-testid=\"access-denied\"", strangerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Laptop not working", strangerHtml, StringComparison.Ordinal);

        // A 404 from a page is re-executed as the app's not-found page (the component endpoint leaves the body to it).
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Contains("Sorry, the content you are looking for does not exist.", missingHtml, StringComparison.Ordinal);

        // Opening the prerendered page changes nothing: only the live page starts the assignment.
        Assert.Equal("pending", (string)(await TaskAsync(taskId))["status"]!);
    }

    [Fact]
    public async Task AnUnknownAddress_Is404_WithTheNotFoundPage()
    {
        var (status, html) = await GetPageAsync("ava@tests.local", "/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Sorry, the content you are looking for does not exist.", html, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Html)> GetPageAsync(string email, string url)
    {
        using var client = await ClientAsync(email);
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
