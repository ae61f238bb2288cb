using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Workflows;

/// <summary>The seed's workflow API under <c>/api/workflows</c>, plus the lifecycle moves and versions.</summary>
public static class WorkflowEndpoints
{
    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflows").RequireAuthorization(Policies.Administrator);

        group.MapGet("/", async (WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(Actor.From(user), ct)).Select(s => new
            {
                workflow_id = s.Id,
                name = s.Name,
                department = s.Department,
                category = s.Category,
                sub_category = s.SubCategory,
                status = s.Status.ToString().ToLowerInvariant(),
                active_version = s.ActiveVersionNumber,
                latest_version = s.LatestVersionNumber,
                step_count = s.StepCount,
                updated_at = s.UpdatedAt,
            })))
            .WithSummary("List all workflows");

        group.MapPost("/", Create)
            .WithMetadata(new ProblemFieldPrefix("workflow."))
            .WithSummary("Create a workflow with its graph (the seed's body). A graph must be complete unless ?draft=true.");

        group.MapGet("/{id:int}", async (int id, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var view = await service.GetAsync(Actor.From(user), id, ct);
            return TypedResults.Ok(new WorkflowWithGraphResponse(WorkflowResponse.From(view), GraphResponse.From(view)));
        }).WithSummary("Get a workflow with its graph");

        group.MapDelete("/{id:int}", async (int id, int? revision, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(Actor.From(user), id, revision, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a workflow that never had a version. With ?revision=, only while the workflow is still at that revision.");

        group.MapPut("/{id:int}/update-details", async (int id, WorkflowDetailsInput body, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(WorkflowResponse.From(await service.UpdateDetailsAsync(Actor.From(user), id, body.ToDetails(), body.Revision, ct))))
            .WithSummary("Update name, matching fields, SLAs and end logic (draft or deployed)");

        group.MapPut("/{id:int}/update-graph", async (int id, GraphInput body, bool? draft, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (steps, transitions) = body.ToDrafts(replacing: true);
            var saved = await service.UpdateGraphAsync(Actor.From(user), id, steps, transitions, RequireComplete(draft, steps.Count), body.Revision, ct);
            return TypedResults.Ok(GraphSavedResponse.From(saved));
        }).WithSummary("Replace the graph (draft only). A graph must be complete unless ?draft=true.");

        group.MapGet("/{id:int}/graph", async (int id, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(GraphResponse.From(await service.GetAsync(Actor.From(user), id, ct))))
            .WithSummary("Get the graph only");

        group.MapGet("/{id:int}/validate", async (int id, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var issues = await service.ValidateAsync(Actor.From(user), id, ct);
            var errors = issues.GroupBy(i => ApiProblemFilter.KeyOf(i)).ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray());
            return TypedResults.Ok(new ValidationReport(issues.Count == 0, errors));
        }).WithSummary("Every problem that would stop a deploy or initialize now");

        MapLifecycle(group, "deploy", "Draft → deployed, after validating the graph", (s, a, id, revision, ct) => s.DeployAsync(a, id, revision, ct));
        MapLifecycle(group, "initialize", "Deployed → initialized: writes the next version and starts taking tickets", (s, a, id, revision, ct) => s.InitializeAsync(a, id, revision, ct));
        MapLifecycle(group, "pause", "Initialized → paused: stops taking new tickets", (s, a, id, revision, ct) => s.PauseAsync(a, id, revision, ct));
        MapLifecycle(group, "resume", "Paused → initialized, on the same version", (s, a, id, revision, ct) => s.ResumeAsync(a, id, revision, ct));
        MapLifecycle(group, "edit", "Deployed or paused → draft", (s, a, id, revision, ct) => s.EditAsync(a, id, revision, ct));
        MapLifecycle(group, "archive", "Retire a workflow that does not take tickets", (s, a, id, revision, ct) => s.ArchiveAsync(a, id, revision, ct));

        group.MapPost("/{id:int}/clone", async (int id, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var copy = await service.CloneAsync(Actor.From(user), id, ct);
            return TypedResults.Created($"/api/workflows/{copy.Id}", new WorkflowWithGraphResponse(WorkflowResponse.From(copy), GraphResponse.From(copy)));
        }).WithSummary("Copy a workflow into a new draft");

        group.MapGet("/{id:int}/versions", async (int id, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListVersionsAsync(Actor.From(user), id, ct)).Select(v => new VersionSummaryResponse(v.Number, v.IsActive, v.CreatedBy, v.CreatedAt))))
            .WithSummary("List a workflow's versions, newest first");

        group.MapGet("/{id:int}/versions/{number:int}", async (int id, int number, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var version = await service.GetVersionAsync(Actor.From(user), id, number, ct);
            using var definition = JsonDocument.Parse(version.Definition);
            return TypedResults.Ok(new VersionResponse(version.WorkflowId, version.Number, version.IsActive, version.CreatedBy, version.CreatedAt, definition.RootElement.Clone()));
        }).WithSummary("Get one version with its immutable definition");

        return api;
    }

    private static async Task<Results<Created<GraphSavedResponse>, ValidationProblem>> Create(
        CreateWorkflowRequest body, bool? draft, WorkflowService service, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body.Workflow is null)
        {
            return ApiProblemFilter.ValidationProblem([ValidationIssue.Field("workflow", "The body needs a \"workflow\" object with the workflow's details.")]);
        }

        var unreadable = new List<ValidationIssue>();
        var details = body.Workflow.ToDetails(unreadable);
        var (steps, transitions) = (body.Graph ?? new GraphInput([], [], null)).ToDrafts();
        var saved = await service.CreateAsync(Actor.From(user), details, steps, transitions, RequireComplete(draft, steps.Count), unreadable, ct);
        return TypedResults.Created($"/api/workflows/{saved.Workflow.Id}", GraphSavedResponse.From(saved));
    }

    /// <summary>A graph is checked whole unless the caller saves a draft on purpose; an empty graph is a blank canvas.</summary>
    private static bool RequireComplete(bool? draft, int stepCount) => draft != true && stepCount > 0;

    /// <summary>A lifecycle move; with <c>?revision=</c> it happens only while the workflow is still at that revision (else 409).</summary>
    private static void MapLifecycle(RouteGroupBuilder group, string action, string summary, Func<WorkflowService, Actor, int, int?, CancellationToken, Task<WorkflowView>> move) =>
        group.MapPost($"/{{id:int}}/{action}", async (int id, int? revision, WorkflowService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(WorkflowResponse.From(await move(service, Actor.From(user), id, revision, ct))))
            .WithSummary(summary + ". With ?revision=, only while the workflow is still at that revision.");
}
