using System.Net;
using System.Text.Json.Nodes;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

public sealed class WorkflowCreateApiTests : ApiTest
{
    [Fact]
    public async Task Create_WithTheSeedBodyVerbatim_StoresWorkflowAndGraphAndReturnsIds()
    {
        var response = await Admin.PostAsync("/api/workflows", Json.Body(Json.File("seed-create-workflow.json")));
        var created = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (int)created["workflow"]!["workflow_id"]!;
        Assert.Equal($"/api/workflows/{id}", response.Headers.Location!.OriginalString);
        var stepIds = created["step_ids"]!.AsObject();
        Assert.Equal(["node_1", "node_2", "node_3"], stepIds.Select(p => p.Key).Order());

        var stored = await GetAsync($"/api/workflows/{id}");
        var workflow = stored["workflow"]!;
        Assert.Equal("IT Support Request", (string)workflow["name"]!);
        Assert.Equal("Technology", (string)workflow["category"]!);
        Assert.Equal("Support Request", (string)workflow["sub_category"]!);
        Assert.Equal("IT", (string)workflow["department"]!);
        Assert.Equal("72:00:00", (string)workflow["low_sla"]!);
        Assert.Equal("48:00:00", (string)workflow["medium_sla"]!);
        Assert.Equal("24:00:00", (string)workflow["high_sla"]!);
        Assert.Equal("04:00:00", (string)workflow["urgent_sla"]!);
        Assert.Equal("notification", (string)workflow["end_logic"]!);
        Assert.Equal("draft", (string)workflow["status"]!);

        var nodes = stored["graph"]!["nodes"]!.AsArray();
        var triage = nodes.Single(n => (string)n!["name"]! == "Triage")!;
        Assert.Equal((int)stepIds["node_1"]!, (int)triage["step_id"]!);
        Assert.Equal(2, (int)triage["role_id"]!);
        Assert.Equal("IT Technician", (string)triage["role_name"]!);
        Assert.True((bool)triage["is_start"]!);
        Assert.Equal(0.2m, (decimal)triage["weight"]!);
        Assert.Equal(100, (double)triage["design"]!["x"]!);
        Assert.True((bool)nodes.Single(n => (string)n!["name"]! == "Verification")!["is_end"]!);

        var edges = stored["graph"]!["edges"]!.AsArray();
        Assert.Equal(2, edges.Count);
        var assign = edges.Single(e => (string)e!["name"]! == "Assign")!;
        Assert.Equal((int)stepIds["node_1"]!, (int)assign["from_step_id"]!);
        Assert.Equal((int)stepIds["node_2"]!, (int)assign["to_step_id"]!);
    }

    [Fact]
    public async Task Create_WithDurationsPastTwentyFourHours_KeepsThemExactly()
    {
        var body = SeedBody();
        body["workflow"]!["low_sla"] = "240:30:15";
        body["workflow"]!["medium_sla"] = "3 00:00:00";

        var created = await CreateWorkflowAsync(body);

        Assert.Equal("240:30:15", (string)created["workflow"]!["low_sla"]!);
        Assert.Equal("72:00:00", (string)created["workflow"]!["medium_sla"]!);
    }

    [Fact]
    public async Task Create_WithAnUnreadableDurationAndAnInvalidGraph_ReportsBothAndSavesNothing()
    {
        var body = SeedBody();
        body["workflow"]!["low_sla"] = "three days";
        body["graph"]!["nodes"]![1]!["role_id"] = 99;

        var response = await Admin.PostAsync("/api/workflows", Json.Body(body));
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workflow.low_sla", Json.ErrorKeys(problem));
        Assert.Contains("graph.nodes[node_2]", Json.ErrorKeys(problem));
        Assert.Empty((await GetAsync("/api/workflows")).AsArray());
    }

    [Fact]
    public async Task Create_WithSlasOutOfOrder_NamesTheOffendingSla()
    {
        var body = SeedBody();
        body["workflow"]!["high_sla"] = "48:00:00";

        var response = await Admin.PostAsync("/api/workflows", Json.Body(body));
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("high_sla (48:00:00) should be < medium_sla (48:00:00)", Json.AllErrorMessages(problem), StringComparison.Ordinal);
        Assert.Equal(["workflow.high_sla"], Json.ErrorKeys(problem));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("department")]
    [InlineData("category")]
    public async Task Create_WithoutARequiredDetail_IsRefused(string field)
    {
        var body = SeedBody();
        body["workflow"]!.AsObject().Remove(field);

        var response = await Admin.PostAsync("/api/workflows", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"workflow.{field}", Json.ErrorKeys(await Json.ReadAsync(response)));
    }

    [Fact]
    public async Task Create_WithUnknownEndLogic_IsRefused()
    {
        var body = SeedBody();
        body["workflow"]!["end_logic"] = "teleport";

        var response = await Admin.PostAsync("/api/workflows", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workflow.end_logic", Json.ErrorKeys(await Json.ReadAsync(response)));
    }

    [Fact]
    public async Task Create_WithEveryGraphRuleBroken_ReportsEachProblemAtOnceAndSavesNothing()
    {
        var body = new JsonObject
        {
            ["workflow"] = SeedBody()["workflow"]!.DeepClone(),
            ["graph"] = new JsonObject
            {
                ["nodes"] = new JsonArray(
                    Node("a", "Intake", roleId: 1, weight: 0.3, isStart: true),
                    Node("b", "Intake", roleId: 2, weight: 0.3, isStart: true),
                    Node("c", "Island", roleId: 99, weight: 0.3),
                    Node("d", "Loop", roleId: null, weight: 1.5)),
                ["edges"] = new JsonArray(
                    Edge("a", "b", "Next"),
                    Edge("b", "b", "Again"),
                    Edge("b", "zzz", "Nowhere")),
            },
        };

        var response = await Admin.PostAsync("/api/workflows", Json.Body(body));
        var problem = await Json.ReadAsync(response);
        var messages = Json.AllErrorMessages(problem);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("graph.nodes[c]: Step 'Island' names role 99, which does not exist.", messages, StringComparison.Ordinal);
        Assert.Contains("graph.nodes[d]: Step 'Loop' has weight 1.5; a weight is between 0 and 1.", messages, StringComparison.Ordinal);
        Assert.Contains("graph.edges[1]: Transition 'Again' leads from step 'Intake' back to itself", messages, StringComparison.Ordinal);
        Assert.Contains("graph.edges[2]: Transition 'Nowhere' ends at step 'zzz', which is not a step of this workflow.", messages, StringComparison.Ordinal);
        Assert.Contains("graph.nodes[b]: Step 'Intake' is marked as start, but so is 'Intake'", messages, StringComparison.Ordinal);
        Assert.Contains("graph: The workflow has no end step", messages, StringComparison.Ordinal);
        Assert.Contains("graph.nodes[b]: Step name 'Intake' is used by another step", messages, StringComparison.Ordinal);
        Assert.Contains("graph.nodes[d]: Step 'Loop' has no role", messages, StringComparison.Ordinal);
        Assert.Contains("graph: Step weights add up to 2.4", messages, StringComparison.Ordinal);
        Assert.Contains("graph.nodes[c]: Step 'Island' cannot be reached from the start step.", messages, StringComparison.Ordinal);
        Assert.Empty((await GetAsync("/api/workflows")).AsArray());
    }

    [Fact]
    public async Task Create_AsDraft_KeepsAnIncompleteGraphButStillRefusesSelfLoops()
    {
        var incomplete = SeedBody();
        incomplete["graph"]!["nodes"]![2]!["is_end"] = false;

        var created = await CreateWorkflowAsync(incomplete, "?draft=true");
        var id = (int)created["workflow"]!["workflow_id"]!;
        var report = await GetAsync($"/api/workflows/{id}/validate");

        Assert.False((bool)report["is_valid"]!);
        Assert.Contains("The workflow has no end step", report["errors"]!["graph"]!.ToJsonString(), StringComparison.Ordinal);

        var looping = SeedBody();
        looping["graph"]!["edges"]![0]!["to_temp_id"] = "node_1";
        var response = await Admin.PostAsync("/api/workflows?draft=true", Json.Body(looping));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("graph.edges[0]", Json.ErrorKeys(await Json.ReadAsync(response)));
    }

    [Fact]
    public async Task Create_WithoutAWorkflowObject_IsRefused()
    {
        var response = await Admin.PostAsync("/api/workflows", Json.Body("""{"graph": {"nodes": [], "edges": []}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workflow", Json.ErrorKeys(await Json.ReadAsync(response)));
    }

    private static JsonObject Node(string tempId, string name, int? roleId, double weight, bool isStart = false, bool isEnd = false) => new()
    {
        ["temp_id"] = tempId,
        ["name"] = name,
        ["role_id"] = roleId,
        ["weight"] = weight,
        ["is_start"] = isStart,
        ["is_end"] = isEnd,
    };

    private static JsonObject Edge(string from, string to, string name) => new()
    {
        ["from_temp_id"] = from,
        ["to_temp_id"] = to,
        ["name"] = name,
    };
}
