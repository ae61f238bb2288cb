using System.Net;
using System.Text.Json.Nodes;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Workflows;

namespace TaskDesk.Tests.Web.Workflows;

/// <summary>
/// A lifecycle move made on a page loaded before someone else's save: with the page's revision it is refused, so the
/// other administrator's unseen work is not deployed or deleted under them.
/// </summary>
public sealed class WorkflowLifecycleRevisionTests : ApiTest
{
    private WorkflowService Workflows => App.Service<WorkflowService>();

    [Fact]
    public async Task Deploy_WithTheRevisionSeenBeforeAnotherGraphSave_IsAConflict_AndTheWorkflowStaysDraft()
    {
        var id = await CreateSeedWorkflowAsync();
        var admin = await App.AdministratorAsync();
        var seen = (await Workflows.GetAsync(admin, id)).Revision;
        await RenameStepAsync(id, "Resolution", "Fix");

        var conflict = await Assert.ThrowsAsync<DomainConflictException>(() => Workflows.DeployAsync(admin, id, expectedRevision: seen));

        Assert.Contains("changed by someone else", conflict.Message, StringComparison.Ordinal);
        var now = await Workflows.GetAsync(admin, id);
        Assert.Equal(WorkflowStatus.Draft, now.Status);
        Assert.Contains(now.Steps, s => s.Name == "Fix");
    }

    [Fact]
    public async Task Deploy_WithTheCurrentRevision_Deploys()
    {
        var id = await CreateSeedWorkflowAsync();
        var admin = await App.AdministratorAsync();
        await RenameStepAsync(id, "Resolution", "Fix");
        var seen = (await Workflows.GetAsync(admin, id)).Revision;

        var deployed = await Workflows.DeployAsync(admin, id, expectedRevision: seen);

        Assert.Equal(WorkflowStatus.Deployed, deployed.Status);
    }

    [Fact]
    public async Task Delete_WithTheRevisionSeenBeforeAnotherSave_IsAConflict_AndTheWorkflowStays()
    {
        var id = await CreateSeedWorkflowAsync();
        var admin = await App.AdministratorAsync();
        var seen = (await Workflows.GetAsync(admin, id)).Revision;
        await RenameStepAsync(id, "Resolution", "Fix");

        await Assert.ThrowsAsync<DomainConflictException>(() => Workflows.DeleteAsync(admin, id, expectedRevision: seen));

        Assert.Contains((await Workflows.GetAsync(admin, id)).Steps, s => s.Name == "Fix");
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("delete")]
    public async Task TheApi_WithAStaleRevisionInTheQuery_Is409_AndChangesNothing(string action)
    {
        var id = await CreateSeedWorkflowAsync();
        var seen = (int)(await GetAsync($"/api/workflows/{id}"))["workflow"]!["revision"]!;
        await RenameStepAsync(id, "Resolution", "Fix");

        var response = action == "delete"
            ? await Admin.DeleteAsync($"/api/workflows/{id}?revision={seen}")
            : await Admin.PostAsync($"/api/workflows/{id}/{action}?revision={seen}", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("draft", await StatusOfAsync(id));
    }

    /// <summary>Someone else's graph save: the same graph with one step renamed, which moves the revision on.</summary>
    private async Task RenameStepAsync(int id, string from, string to)
    {
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var nodes = graph["nodes"]!.DeepClone().AsArray();
        nodes.Single(n => (string)n!["name"]! == from)!["name"] = to;
        var (status, saved) = await PutAsync($"/api/workflows/{id}/update-graph", new JsonObject { ["nodes"] = nodes, ["edges"] = graph["edges"]!.DeepClone() });
        Assert.True(status == HttpStatusCode.OK, saved.ToJsonString());
    }
}
