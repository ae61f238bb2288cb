using System.Security.Claims;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.EndLogicRuns;

public sealed record EndLogicRunResponse(
    int TaskId, string TicketNumber, string Subject, string EndLogic, string Status, int Attempts, string LastError,
    DateTimeOffset? CompletedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? FailedAt, DateTimeOffset? DoneAt)
{
    public static EndLogicRunResponse From(EndLogicRunView run) =>
        new(run.TaskId, run.TicketNumber, run.Subject, run.Kind, EndLogicEndpoints.Code(run.Status), run.Attempts, run.LastError,
            run.CompletedAt, run.NextAttemptAt, run.FailedAt, run.DoneAt);
}

/// <summary>Completed tasks' end logic for administrators: list by status, retry one.</summary>
public static class EndLogicEndpoints
{
    public static RouteGroupBuilder MapEndLogicEndpoints(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/end-logic").WithTags("End logic").RequireAuthorization(Policies.Administrator);

        runs.MapGet("/", async (string? status, EndLogicService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(Actor.From(user), ParseStatus(status), ct: ct)).Select(EndLogicRunResponse.From)))
            .WithSummary("Completed tasks' end logic with a status (failed, pending or done; failed by default)");

        runs.MapPost("/{taskId:int}/retry", async (int taskId, EndLogicService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(EndLogicRunResponse.From(await service.RetryAsync(Actor.From(user), taskId, ct))))
            .WithSummary("Run a task's end logic again from its first attempt (409 when it is done or running right now)");

        return api;
    }

    public static string Code(EndLogicRunStatus status) => status.ToString().ToLowerInvariant();

    private static EndLogicRunStatus ParseStatus(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return EndLogicRunStatus.Failed;
        }

        foreach (var candidate in Enum.GetValues<EndLogicRunStatus>())
        {
            if (string.Equals(Code(candidate), status.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw new DomainValidationException("status", $"status '{status}' is not one of failed, pending, done.");
    }
}
