using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.PostgreSql;
using TaskDesk.Data.Sqlite;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

/// <summary>
/// Two administrators saving the same draft at once: the other one's graph save lands after this save loaded the workflow
/// and before it writes. Whichever way the database notices (the revision, or a row the other save removed), the loser
/// is told it is late (409) and the winner's graph stays.
/// </summary>
public sealed class WorkflowSaveRaceTests : ApiTest
{
    private readonly BeforeWorkflowSave _meanwhile = new();

    protected override TaskDeskApp CreateApp() => new()
    {
        ConfigureServices = services => services
            .ConfigureDbContext<SqliteTaskDeskDbContext>(options => options.AddInterceptors(_meanwhile))
            .ConfigureDbContext<PostgreSqlTaskDeskDbContext>(options => options.AddInterceptors(_meanwhile)),
    };

    [Fact]
    public async Task UpdateGraph_WhileAnotherSaveRemovesTheStepItConnects_Is409_AndTheOtherSaveStays()
    {
        var id = await CreateSeedWorkflowAsync();
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var other = await App.AdminClientAsync();
        _meanwhile.Arm(() => SaveWithoutVerificationAsync(other, id, graph));

        // Keeps Verification and adds a transition into it, on the revision it loaded.
        var edges = graph["edges"]!.DeepClone().AsArray();
        edges.Add(new JsonObject { ["temp_id"] = "skip", ["from_step_id"] = StepId(graph, "Triage"), ["to_step_id"] = StepId(graph, "Verification"), ["name"] = "Skip" });
        var (code, problem) = await PutAsync(
            $"/api/workflows/{id}/update-graph?draft=true",
            new JsonObject { ["nodes"] = graph["nodes"]!.DeepClone(), ["edges"] = edges, ["revision"] = (int)graph["revision"]! });

        Assert.True(_meanwhile.Fired, $"the other save ran between this save's load and its write ({(int)code}: {problem})");
        Assert.True(code == HttpStatusCode.Conflict, $"{(int)code}: {problem}");
        Assert.Contains("changed by someone else", (string)problem["detail"]!, StringComparison.Ordinal);
        var stored = await GetAsync($"/api/workflows/{id}/graph");
        Assert.Equal(["Resolution", "Triage"], stored["nodes"]!.AsArray().Select(n => (string)n!["name"]!).Order());
        Assert.Equal(["Assign"], stored["edges"]!.AsArray().Select(e => (string)e!["name"]!));
    }

    [Fact]
    public async Task Delete_WhileAnotherSaveAddsATransition_Is409_AndTheWorkflowStays()
    {
        var id = await CreateSeedWorkflowAsync();
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var other = await App.AdminClientAsync();
        _meanwhile.Arm(async () =>
        {
            var edges = graph["edges"]!.DeepClone().AsArray();
            edges.Add(new JsonObject { ["temp_id"] = "skip", ["from_step_id"] = StepId(graph, "Triage"), ["to_step_id"] = StepId(graph, "Verification"), ["name"] = "Skip" });
            var response = await other.PutAsync($"/api/workflows/{id}/update-graph?draft=true", Json.Body(new JsonObject { ["nodes"] = graph["nodes"]!.DeepClone(), ["edges"] = edges }));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        });

        var deleted = await Admin.DeleteAsync($"/api/workflows/{id}");

        Assert.True(_meanwhile.Fired, "the other save ran between the delete's load and its write");
        Assert.True(deleted.StatusCode == HttpStatusCode.Conflict, $"{(int)deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}");
        var stored = await GetAsync($"/api/workflows/{id}/graph");
        Assert.Equal(["Assign", "Complete", "Skip"], stored["edges"]!.AsArray().Select(e => (string)e!["name"]!).Order());
    }

    private static int StepId(JsonNode graph, string name) => (int)graph["nodes"]!.AsArray().Single(n => (string)n!["name"]! == name)!["step_id"]!;

    private static async Task SaveWithoutVerificationAsync(HttpClient admin, int id, JsonNode graph)
    {
        var nodes = new JsonArray(graph["nodes"]!.AsArray().Where(n => (string)n!["name"]! != "Verification").Select(n => n!.DeepClone()).ToArray());
        var edges = new JsonArray(graph["edges"]!.AsArray().Where(e => (string)e!["name"]! != "Complete").Select(e => e!.DeepClone()).ToArray());
        var response = await admin.PutAsync($"/api/workflows/{id}/update-graph?draft=true", Json.Body(new JsonObject { ["nodes"] = nodes, ["edges"] = edges }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Once armed, runs someone else's change right before the next save that changes or removes a workflow (after that save loaded it).</summary>
    private sealed class BeforeWorkflowSave : SaveChangesInterceptor
    {
        private Func<Task>? _meanwhile;

        public bool Fired { get; private set; }

        public void Arm(Func<Task> meanwhile) => (_meanwhile, Fired) = (meanwhile, false);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } db
                && db.ChangeTracker.Entries<Workflow>().Any(e => e.State is EntityState.Modified or EntityState.Deleted)
                && Interlocked.Exchange(ref _meanwhile, null) is { } meanwhile)
            {
                await meanwhile();
                Fired = true;
            }

            return result;
        }
    }
}
