using System.Security.Claims;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Notifications;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Email;

public sealed record OutboxEmailResponse(
    long EmailId, string Kind, int? ToUserId, string ToEmail, int TaskId, string TicketNumber, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string LastError)
{
    public static OutboxEmailResponse From(OutboxEmailView e) =>
        new(e.Id, EmailOutbox.Code(e.Kind), e.ToUserId, e.ToEmail, e.TaskId, e.TicketNumber, e.Status.ToString().ToLowerInvariant(), e.Attempts, e.CreatedAt, e.NextAttemptAt, e.SentAt, e.LastError);
}

/// <summary>Failed emails for administrators, and each user's email preferences.</summary>
public static class EmailEndpoints
{
    public static RouteGroupBuilder MapEmailEndpoints(this RouteGroupBuilder api)
    {
        var emails = api.MapGroup("/emails").WithTags("Email").RequireAuthorization(Policies.Administrator);

        emails.MapGet("/", async (string? status, EmailOutbox outbox, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(outbox, user, ParseStatus(status), ct)))
            .WithSummary("Outbox emails with a status (pending, sent or failed; failed by default), newest first");

        emails.MapGet("/failed", async (EmailOutbox outbox, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(outbox, user, OutboxEmailStatus.Failed, ct)))
            .WithSummary("Emails that failed for good after their last attempt, newest first");

        emails.MapPost("/{id:long}/retry", async (long id, EmailOutbox outbox, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(OutboxEmailResponse.From(await outbox.RetryAsync(Actor.From(user), id, ct))))
            .WithSummary("Send a failed email again (409 when it has not failed)");

        var me = api.MapGroup("/me/email-preferences").WithTags("Email").RequireAuthorization();

        me.MapGet("/", async (EmailPreferences preferences, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(ToCodes(await preferences.GetAsync(Actor.From(user), ct))))
            .WithSummary("The signed-in user's email preferences: true per event kind they get email for");

        me.MapPut("/", async (Dictionary<string, bool> body, EmailPreferences preferences, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(ToCodes(await preferences.SetAsync(Actor.From(user), FromCodes(body), ct))))
            .WithSummary("Turn email on or off per event kind (kinds not given stay as they are); in-app notifications stay");

        return api;
    }

    private static async Task<IEnumerable<OutboxEmailResponse>> ListAsync(EmailOutbox outbox, ClaimsPrincipal user, OutboxEmailStatus status, CancellationToken ct) =>
        (await outbox.ListAsync(Actor.From(user), status, ct: ct)).Select(OutboxEmailResponse.From);

    private static OutboxEmailStatus ParseStatus(string? status) =>
        string.IsNullOrEmpty(status) ? OutboxEmailStatus.Failed
        : Enum.TryParse<OutboxEmailStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !status.Any(char.IsDigit) ? parsed
        : throw new DomainValidationException("status", "status must be pending, sent or failed.");

    private static Dictionary<string, bool> ToCodes(IReadOnlyDictionary<Domain.Tasks.TaskEventKind, bool> preferences) =>
        preferences.ToDictionary(p => EmailOutbox.Code(p.Key), p => p.Value);

    private static Dictionary<Domain.Tasks.TaskEventKind, bool> FromCodes(Dictionary<string, bool> body)
    {
        var kinds = EmailPreferences.Kinds.ToDictionary(EmailOutbox.Code);
        var unknown = body.Keys.Where(k => !kinds.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainValidationException(unknown[0], $"Unknown event kind '{unknown[0]}'; the kinds are {string.Join(", ", kinds.Keys)}.");
        }

        return body.ToDictionary(p => kinds[p.Key], p => p.Value);
    }
}
