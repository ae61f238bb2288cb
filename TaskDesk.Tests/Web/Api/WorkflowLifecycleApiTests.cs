using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

public sealed class WorkflowLifecycleApiTests : ApiTest
{
    [Fact]
    public async Task Initialize_TheSeedWorkflow_WritesVersionOneInTheSeedsDefinitionShape()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");

        var versions = (await GetAsync($"/api/workflows/{id}/versions")).AsArray();
        var version = await GetAsync($"/api/workflows/{id}/versions/1");
        var definition = version["definition"]!;

        var summary = Assert.Single(versions)!;
        Assert.Equal(1, (int)summary["version"]!);
        Assert.True((bool)summary["is_active"]!);
        Assert.Equal("initialized", await StatusOfAsync(id));

        var triage = definition["nodes"]!.AsArray().Single(n => (string)n!["name"]! == "Triage")!;
        Assert.Equal(2, (int)triage["role_id"]!);
        Assert.Equal("IT Technician", (string)triage["role_name"]!);
        Assert.Equal(0.2m, (decimal)triage["weight"]!);
        Assert.True((bool)triage["is_start"]!);
        Assert.False((bool)triage["is_end"]!);
        Assert.Null(triage["escalate_to"]);
        Assert.True(triage["step_id"]!.GetValue<int>() > 0);

        var edge = definition["edges"]!.AsArray().Single(e => (string)e!["name"]! == "Assign")!;
        Assert.Equal((int)triage["step_id"]!, (int)edge["from_step_id"]!);
        Assert.True(edge["transition_id"]!.GetValue<int>() > 0);

        var metadata = definition["metadata"]!;
        Assert.EndsWith("Z", (string)metadata["created_at"]!, StringComparison.Ordinal);
        var adminId = (await GetAsync("/api/users")).AsArray().Single(u => (string)u!["email"]! == TaskDeskApp.AdminEmail)!["user_id"]!.GetValue<int>();
        Assert.Equal(adminId, (int)metadata["created_by"]!);
    }

    [Fact]
    public async Task Initialize_AfterEditAndRedeploy_WritesVersionTwoAndLeavesVersionOneAsItWas()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");
        var first = (await GetAsync($"/api/workflows/{id}/versions/1"))["definition"]!.ToJsonString();

        await MoveAsync(id, "pause", "edit");
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var nodes = graph["nodes"]!.AsArray();
        nodes.Single(n => (string)n!["name"]! == "Resolution")!["name"] = "Fix";
        var (status, saved) = await PutAsync($"/api/workflows/{id}/update-graph", new JsonObject { ["nodes"] = nodes.DeepClone(), ["edges"] = graph["edges"]!.DeepClone() });
        Assert.True(status == HttpStatusCode.OK, saved.ToJsonString());
        await MoveAsync(id, "deploy", "initialize");

        var versions = (await GetAsync($"/api/workflows/{id}/versions")).AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal([true, false], versions.Select(v => (bool)v!["is_active"]!));
        Assert.Equal(first, (await GetAsync($"/api/workflows/{id}/versions/1"))["definition"]!.ToJsonString());
        Assert.Contains("\"Fix\"", (await GetAsync($"/api/workflows/{id}/versions/2"))["definition"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAndResume_KeepTheSameVersion()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize", "pause", "resume");

        Assert.Equal("initialized", await StatusOfAsync(id));
        Assert.Single((await GetAsync($"/api/workflows/{id}/versions")).AsArray());
    }

    [Theory]
    [InlineData("initialize", "draft")]
    [InlineData("pause", "draft")]
    [InlineData("resume", "draft")]
    [InlineData("edit", "draft")]
    public async Task ALifecycleMoveFromTheWrongStatus_Is409NamingTheStatus(string action, string status)
    {
        var id = await CreateSeedWorkflowAsync();

        var (code, problem) = await PostAsync($"/api/workflows/{id}/{action}");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains($"is {status}", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(status, await StatusOfAsync(id));
    }

    [Fact]
    public async Task Deploy_WithAnIncompleteGraph_IsRefusedWithEveryProblemAndStaysDraft()
    {
        var body = SeedBody();
        body["graph"]!["nodes"]![2]!["is_end"] = false;
        body["graph"]!["nodes"]![2]!["weight"] = 0.1;
        var id = (int)(await CreateWorkflowAsync(body, "?draft=true"))["workflow"]!["workflow_id"]!;

        var (code, problem) = await PostAsync($"/api/workflows/{id}/deploy");
        var messages = Json.AllErrorMessages(problem);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("no end step", messages, StringComparison.Ordinal);
        Assert.Contains("add up to 0.9", messages, StringComparison.Ordinal);
        Assert.Equal("draft", await StatusOfAsync(id));
    }

    [Fact]
    public async Task Initialize_WhenAnotherWorkflowTakesTheSameTickets_Is409()
    {
        var first = await CreateSeedWorkflowAsync();
        var second = await CreateSeedWorkflowAsync("IT Support Request (2)");
        await MoveAsync(first, "deploy", "initialize");
        await MoveAsync(second, "deploy");

        var (code, problem) = await PostAsync($"/api/workflows/{second}/initialize");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains("'IT Support Request' already takes tickets", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("deployed", await StatusOfAsync(second));
        Assert.Empty((await GetAsync($"/api/workflows/{second}/versions")).AsArray());
    }

    [Fact]
    public async Task Initialize_TwoWorkflowsForTheSameTicketsAtOnce_ExactlyOneWins()
    {
        var first = await CreateSeedWorkflowAsync();
        var second = await CreateSeedWorkflowAsync("IT Support Request (2)");
        await MoveAsync(first, "deploy");
        await MoveAsync(second, "deploy");
        var other = await App.AdminClientAsync();

        var responses = await Task.WhenAll(
            Admin.PostAsync($"/api/workflows/{first}/initialize", null),
            other.PostAsync($"/api/workflows/{second}/initialize", null));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var statuses = new[] { await StatusOfAsync(first), await StatusOfAsync(second) };
        Assert.Equal(["deployed", "initialized"], statuses.Order());
    }

    [Fact]
    public async Task UpdateDetails_OnAnInitializedWorkflow_Is409AndChangesNothing()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");

        var (code, problem) = await PutAsync($"/api/workflows/{id}/update-details", SeedBody()["workflow"]!.DeepClone().AsObject().Also(w => w["name"] = "Renamed"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains("is initialized", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("IT Support Request", (string)(await GetAsync($"/api/workflows/{id}"))["workflow"]!["name"]!);
    }

    [Fact]
    public async Task UpdateDetails_OnADeployedWorkflow_IsAllowedButItsGraphIsNot()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy");

        var (detailsCode, details) = await PutAsync($"/api/workflows/{id}/update-details", SeedBody()["workflow"]!.DeepClone().AsObject().Also(w => w["urgent_sla"] = "02:00:00"));
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var (graphCode, _) = await PutAsync($"/api/workflows/{id}/update-graph", new JsonObject { ["nodes"] = graph["nodes"]!.DeepClone(), ["edges"] = new JsonArray() });

        Assert.Equal(HttpStatusCode.OK, detailsCode);
        Assert.Equal("02:00:00", (string)details["urgent_sla"]!);
        Assert.Equal(HttpStatusCode.Conflict, graphCode);
        Assert.Equal(2, (await GetAsync($"/api/workflows/{id}/graph"))["edges"]!.AsArray().Count);
    }

    [Fact]
    public async Task UpdateDetails_WithAStaleRevision_Is409()
    {
        var id = await CreateSeedWorkflowAsync();
        var revision = (int)(await GetAsync($"/api/workflows/{id}"))["workflow"]!["revision"]!;
        var first = SeedBody()["workflow"]!.DeepClone().AsObject().Also(w => w["revision"] = revision, w => w["description"] = "first");
        var second = SeedBody()["workflow"]!.DeepClone().AsObject().Also(w => w["revision"] = revision, w => w["description"] = "second");

        var (firstCode, _) = await PutAsync($"/api/workflows/{id}/update-details", first);
        var (secondCode, problem) = await PutAsync($"/api/workflows/{id}/update-details", second);

        Assert.Equal(HttpStatusCode.OK, firstCode);
        Assert.Equal(HttpStatusCode.Conflict, secondCode);
        Assert.Contains("changed by someone else", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("first", (string)(await GetAsync($"/api/workflows/{id}"))["workflow"]!["description"]!);
    }

    [Fact]
    public async Task UpdateGraph_AddsUpdatesAndRemovesByIdAndTempId()
    {
        var id = await CreateSeedWorkflowAsync();
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        var nodes = graph["nodes"]!.AsArray();
        var triage = nodes.Single(n => (string)n!["name"]! == "Triage")!;
        var resolution = nodes.Single(n => (string)n!["name"]! == "Resolution")!;
        var verification = nodes.Single(n => (string)n!["name"]! == "Verification")!;
        var body = new JsonObject
        {
            ["nodes"] = new JsonArray(
                new JsonObject { ["step_id"] = (int)triage["step_id"]!, ["name"] = "Triage", ["role_id"] = 1, ["weight"] = 0.5, ["is_start"] = true, ["design"] = new JsonObject { ["x"] = 10, ["y"] = 20 } },
                new JsonObject { ["temp_id"] = "approve", ["name"] = "Approval", ["role_id"] = 3, ["weight"] = 0.3 },
                new JsonObject { ["step_id"] = (int)verification["step_id"]!, ["name"] = "Verification", ["role_id"] = 1, ["weight"] = 0.2, ["is_end"] = true }),
            ["edges"] = new JsonArray(
                new JsonObject { ["from_step_id"] = (int)triage["step_id"]!, ["to_temp_id"] = "approve", ["name"] = "Ask approval" },
                new JsonObject { ["from_temp_id"] = "approve", ["to_step_id"] = (int)verification["step_id"]!, ["name"] = "Approve" }),
        };

        var (code, saved) = await PutAsync($"/api/workflows/{id}/update-graph", body);

        Assert.True(code == HttpStatusCode.OK, saved.ToJsonString());
        var stored = await GetAsync($"/api/workflows/{id}/graph");
        var names = stored["nodes"]!.AsArray().Select(n => (string)n!["name"]!).Order();
        Assert.Equal(["Approval", "Triage", "Verification"], names);
        Assert.DoesNotContain(stored["nodes"]!.AsArray(), n => (int)n!["step_id"]! == (int)resolution["step_id"]!);
        var storedTriage = stored["nodes"]!.AsArray().Single(n => (string)n!["name"]! == "Triage")!;
        Assert.Equal((int)triage["step_id"]!, (int)storedTriage["step_id"]!);
        Assert.Equal(10, (double)storedTriage["design"]!["x"]!);
        Assert.Equal((int)saved["step_ids"]!["approve"]!, (int)stored["edges"]!.AsArray().Single(e => (string)e!["name"]! == "Approve")!["from_step_id"]!);
    }

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public async Task UpdateGraph_ATransitionMovedOntoANewStep_InsteadOfOneRemoved_IsKept(string end)
    {
        var id = await CreateSeedWorkflowAsync();
        var graph = await GetAsync($"/api/workflows/{id}/graph");
        int StepId(string name) => (int)graph["nodes"]!.AsArray().Single(n => (string)n!["name"]! == name)!["step_id"]!;
        int TransitionId(string name) => (int)graph["edges"]!.AsArray().Single(e => (string)e!["name"]! == name)!["transition_id"]!;

        // Triage (from) or Verification (to) goes; "Assign" or "Complete", its transition, now starts or ends at a new step.
        var replaced = end == "from" ? "Triage" : "Verification";
        var moved = end == "from" ? "Assign" : "Complete";
        var nodes = new JsonArray(
            new JsonObject { ["step_id"] = StepId("Resolution"), ["name"] = "Resolution", ["role_id"] = 3, ["weight"] = 0.6 },
            new JsonObject { ["temp_id"] = "new", ["name"] = "Intake", ["role_id"] = 2, ["weight"] = 0.2, ["is_start"] = end == "from", ["is_end"] = end == "to" },
            end == "from"
                ? new JsonObject { ["step_id"] = StepId("Verification"), ["name"] = "Verification", ["role_id"] = 2, ["weight"] = 0.2, ["is_end"] = true }
                : new JsonObject { ["step_id"] = StepId("Triage"), ["name"] = "Triage", ["role_id"] = 1, ["weight"] = 0.2, ["is_start"] = true });
        var edges = new JsonArray(
            end == "from"
                ? new JsonObject { ["transition_id"] = TransitionId("Assign"), ["from_temp_id"] = "new", ["to_step_id"] = StepId("Resolution"), ["name"] = "Assign" }
                : new JsonObject { ["transition_id"] = TransitionId("Assign"), ["from_step_id"] = StepId("Triage"), ["to_step_id"] = StepId("Resolution"), ["name"] = "Assign" },
            end == "from"
                ? new JsonObject { ["transition_id"] = TransitionId("Complete"), ["from_step_id"] = StepId("Resolution"), ["to_step_id"] = StepId("Verification"), ["name"] = "Complete" }
                : new JsonObject { ["transition_id"] = TransitionId("Complete"), ["from_step_id"] = StepId("Resolution"), ["to_temp_id"] = "new", ["name"] = "Complete" });

        var (code, saved) = await PutAsync($"/api/workflows/{id}/update-graph", new JsonObject { ["nodes"] = nodes, ["edges"] = edges });

        Assert.True(code == HttpStatusCode.OK, saved.ToJsonString());
        var stored = await GetAsync($"/api/workflows/{id}/graph");
        Assert.DoesNotContain(stored["nodes"]!.AsArray(), n => (string)n!["name"]! == replaced);
        var edge = stored["edges"]!.AsArray().SingleOrDefault(e => (int)e!["transition_id"]! == TransitionId(moved));
        Assert.True(edge is not null, stored.ToJsonString());
        Assert.Equal((int)saved["step_ids"]!["new"]!, (int)edge[$"{end}_step_id"]!);
        Assert.Equal(2, stored["edges"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"steps": [], "edges": []}""", "nodes")]
    [InlineData("""{}""", "nodes")]
    [InlineData("""{"nodes": [null], "edges": []}""", "nodes[0]")]
    [InlineData("""{"nodes": [], "edges": [null]}""", "edges[0]")]
    public async Task UpdateGraph_WithoutNodes_OrWithANullOne_Is400NamingIt_AndTheGraphStays(string body, string field)
    {
        var id = await CreateSeedWorkflowAsync();

        var (code, problem) = await PutAsync($"/api/workflows/{id}/update-graph", JsonNode.Parse(body)!.AsObject());

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal([field], Json.ErrorKeys(problem));
        Assert.Equal(3, (await GetAsync($"/api/workflows/{id}/graph"))["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task UpdateGraph_NamingAStepOfAnotherWorkflow_IsRefusedAndChangesNothing()
    {
        var mine = await CreateSeedWorkflowAsync();
        var theirs = await CreateSeedWorkflowAsync("Other");
        var foreignStep = (int)(await GetAsync($"/api/workflows/{theirs}/graph"))["nodes"]![0]!["step_id"]!;
        var graph = await GetAsync($"/api/workflows/{mine}/graph");
        var edges = graph["edges"]!.DeepClone().AsArray();
        edges.Add(new JsonObject { ["from_step_id"] = (int)graph["nodes"]![0]!["step_id"]!, ["to_step_id"] = foreignStep, ["name"] = "Leak" });

        var (code, problem) = await PutAsync($"/api/workflows/{mine}/update-graph", new JsonObject { ["nodes"] = graph["nodes"]!.DeepClone(), ["edges"] = edges });

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("which is not a step of this workflow", Json.AllErrorMessages(problem), StringComparison.Ordinal);
        Assert.Equal(2, (await GetAsync($"/api/workflows/{mine}/graph"))["edges"]!.AsArray().Count);
    }

    [Fact]
    public async Task Clone_MakesANewDraftWithTheSameGraphAndNoVersions()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");

        var (code, copy) = await PostAsync($"/api/workflows/{id}/clone");

        Assert.Equal(HttpStatusCode.Created, code);
        var copyId = (int)copy["workflow"]!["workflow_id"]!;
        Assert.NotEqual(id, copyId);
        Assert.Equal("IT Support Request (copy)", (string)copy["workflow"]!["name"]!);
        Assert.Equal("draft", (string)copy["workflow"]!["status"]!);
        Assert.Equal(3, copy["graph"]!["nodes"]!.AsArray().Count);
        Assert.Equal(2, copy["graph"]!["edges"]!.AsArray().Count);
        Assert.Empty((await GetAsync($"/api/workflows/{copyId}/versions")).AsArray());
    }

    [Fact]
    public async Task Archive_WhileInitialized_IsRefused_AfterPause_IsAllowed()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");

        var (refused, _) = await PostAsync($"/api/workflows/{id}/archive");
        await MoveAsync(id, "pause", "archive");

        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("archived", await StatusOfAsync(id));
        var (editArchived, _) = await PostAsync($"/api/workflows/{id}/edit");
        Assert.Equal(HttpStatusCode.Conflict, editArchived);
    }

    [Fact]
    public async Task Delete_ADraftWithoutVersions_RemovesIt_OneWithVersions_Is409()
    {
        var draft = await CreateSeedWorkflowAsync();
        var used = await CreateSeedWorkflowAsync("Used");
        await MoveAsync(used, "deploy", "initialize", "pause", "archive");

        var deleted = await Admin.DeleteAsync($"/api/workflows/{draft}");
        var refused = await Admin.DeleteAsync($"/api/workflows/{used}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/workflows/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Archive it instead", (string)(await Json.ReadAsync(refused))["detail"]!, StringComparison.Ordinal);
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.Steps.CountAsync(s => s.WorkflowId == draft));
    }

    [Fact]
    public async Task UnknownWorkflowOrVersion_Is404ProblemDetails()
    {
        var id = await CreateSeedWorkflowAsync();

        var missingWorkflow = await Admin.GetAsync("/api/workflows/4242");
        var missingVersion = await Admin.GetAsync($"/api/workflows/{id}/versions/7");

        Assert.Equal(HttpStatusCode.NotFound, missingWorkflow.StatusCode);
        Assert.Equal("application/problem+json", missingWorkflow.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missingVersion.StatusCode);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject json, params Action<JsonObject>[] changes)
    {
        foreach (var change in changes)
        {
            change(json);
        }

        return json;
    }
}
