using System.Security.Claims;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tickets;

public sealed record TicketRequest(
    string? TicketNumber,
    string? Subject,
    string? Description,
    string? Department,
    string? Category,
    string? SubCategory,
    string? Priority,
    string? RequesterName,
    string? RequesterEmail,
    DateTimeOffset? SubmittedAt)
{
    /// <summary>The ticket's content, or every problem with the request at once.</summary>
    public TicketContent ToContent()
    {
        var priorityKnown = TicketPriorities.TryParse(Priority, out var priority);
        var content = new TicketContent(TicketNumber, Subject, Description, Department, Category, SubCategory, priority, RequesterName, RequesterEmail, SubmittedAt);
        var issues = Ticket.Check(content).ToList();
        if (!priorityKnown)
        {
            issues.Add(ValidationIssue.Field("priority", string.IsNullOrWhiteSpace(Priority)
                ? "priority is required: low, medium, high, critical or urgent."
                : $"priority '{Priority}' is not one of low, medium, high, critical, urgent."));
        }

        return issues.Count == 0 ? content : throw new DomainValidationException(issues);
    }
}

public sealed record TicketTaskResponse(int TaskId, string Status, int CurrentStepId, string CurrentStep, int WorkflowId, string Workflow, int WorkflowVersion, int? TicketOwner, DateTimeOffset? TargetResolution);

public sealed record TicketResponse(
    string TicketNumber, string Subject, string Description, string Department, string Category, string SubCategory, string Priority,
    string RequesterName, string RequesterEmail, DateTimeOffset SubmittedAt, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, string State, TicketTaskResponse? Task)
{
    public static TicketResponse From(Ticket t, TicketTaskView? task) => new(
        t.TicketNumber, t.Subject, t.Description, t.Department, t.Category, t.SubCategory, t.Priority.ToCode(), t.RequesterName, t.RequesterEmail,
        t.SubmittedAt, t.ReceivedAt, t.UpdatedAt, t.Status.ToString().ToLowerInvariant(),
        task is null ? null : new TicketTaskResponse(task.TaskId, task.Status.ToCode(), task.CurrentStepId, task.CurrentStepName, task.WorkflowId, task.WorkflowName, task.VersionNumber, task.CoordinatorUserId, task.TargetResolution));
}

public sealed record TicketAcceptedResponse(string TicketNumber, string State, string Url);

/// <summary>Ticket intake for other systems (an API key) and for administrators; the task comes from a background job.</summary>
public static class TicketEndpoints
{
    public static RouteGroupBuilder MapTicketEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets").WithTags("Tickets");

        group.MapPost("/", async (TicketRequest body, TicketService tickets, CancellationToken ct) =>
        {
            var received = await tickets.ReceiveAsync(body.ToContent(), ct);
            var url = $"/api/tickets/{Uri.EscapeDataString(received.TicketNumber)}";
            return TypedResults.Accepted(url, new TicketAcceptedResponse(received.TicketNumber, received.IsNew ? "received" : "updated", url));
        }).RequireAuthorization(Policies.TicketIntake)
            .WithSummary("Take in a ticket (202): a background job matches a workflow and creates its task. The same ticket_number again updates it.");

        group.MapGet("/{ticketNumber}", async (string ticketNumber, TicketService tickets, CancellationToken ct) =>
        {
            var view = await tickets.GetAsync(ticketNumber, ct);
            return TypedResults.Ok(TicketResponse.From(view.Ticket, view.Task));
        }).RequireAuthorization(Policies.TicketIntake).WithSummary("A ticket's state (received, matched, unmatched) and its task");

        group.MapGet("/unmatched", async (TicketService tickets, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await tickets.ListUnmatchedAsync(Actor.From(user), ct)).Select(t => TicketResponse.From(t, null))))
            .RequireAuthorization(Policies.Administrator).WithSummary("Tickets no initialized workflow takes");

        group.MapPost("/{ticketNumber}/match", async (string ticketNumber, TicketService tickets, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await tickets.MatchAgainAsync(Actor.From(user), ticketNumber, ct);
            return TypedResults.Accepted($"/api/tickets/{Uri.EscapeDataString(ticketNumber)}");
        }).RequireAuthorization(Policies.Administrator).WithSummary("Match an unmatched ticket again");

        return api;
    }
}
