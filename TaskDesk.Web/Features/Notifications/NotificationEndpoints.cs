using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

public sealed record NotificationResponse(
    long NotificationId, string Kind, int TaskId, int? TaskItemId, string TicketNumber, string Title, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool IsRead)
{
    public static NotificationResponse From(NotificationView n) =>
        new(n.Id, EmailOutbox.Code(n.Kind), n.TaskId, n.TaskItemId, n.TicketNumber, n.Title, n.Message, n.CreatedAt, n.ReadAt, n.IsRead);
}

public sealed record UnreadCountResponse(int UnreadCount);

public sealed record MarkedReadResponse(int Marked, int UnreadCount);

/// <summary>The signed-in user's in-app notifications under <c>/api/me/notifications</c>: only ever the caller's own.</summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me/notifications").WithTags("Notifications").RequireAuthorization();

        me.MapGet("/", async ([AsParameters] ListParameters parameters, NotificationService notifications, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(TaskQueryEndpoints.PageResponse<NotificationResponse>.From(
                await notifications.ListAsync(Actor.From(user), parameters.ToQuery(), ct), NotificationResponse.From)))
            .WithSummary("The caller's notifications, newest first, paged")
            .WithDescription(
                $"unread_only (true | false, default false); page (from 1); page_size (1–{NotificationService.MaxPageSize}, default " +
                $"{NotificationService.DefaultPageSize}; outside that range is a 400, never silently clamped).");

        me.MapGet("/unread-count", async (NotificationService notifications, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(new UnreadCountResponse(await notifications.UnreadCountAsync(Actor.From(user), ct))))
            .WithSummary("How many of the caller's notifications are unread (the bell's number)");

        me.MapPost("/{id:long}/read", async (long id, NotificationService notifications, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(NotificationResponse.From(await notifications.MarkReadAsync(Actor.From(user), id, ct))))
            .WithSummary("Mark one of the caller's notifications read (again is harmless; someone else's is a 404)");

        me.MapPost("/read-all", async (NotificationService notifications, ClaimsPrincipal user, CancellationToken ct, [FromQuery(Name = "up_to")] long? upTo = null) =>
        {
            var actor = Actor.From(user);
            var marked = await notifications.MarkAllReadAsync(actor, upTo, ct);
            return TypedResults.Ok(new MarkedReadResponse(marked, await notifications.UnreadCountAsync(actor, ct)));
        }).WithSummary("Mark every unread notification of the caller read (with up_to, the newest the client has shown, only those up to it); answers how many it marked");

        return api;
    }

    public sealed record ListParameters(
        [FromQuery(Name = "unread_only")] string? UnreadOnly,
        string? Page,
        [FromQuery(Name = "page_size")] string? PageSize)
    {
        public NotificationQuery ToQuery()
        {
            var issues = new List<ValidationIssue>();
            var unreadOnly = string.IsNullOrWhiteSpace(UnreadOnly) ? false
                : bool.TryParse(UnreadOnly.Trim(), out var flag) ? flag
                : Invalid<bool>(issues, "unread_only", $"unread_only '{UnreadOnly}' is not true or false.");
            var page = Number(Page, "page", issues);
            var pageSize = Number(PageSize, "page_size", issues);
            return issues.Count == 0 ? new NotificationQuery(unreadOnly, page, pageSize) : throw new DomainValidationException(issues);
        }

        private static int? Number(string? text, string parameter, List<ValidationIssue> issues) =>
            string.IsNullOrWhiteSpace(text) ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : Invalid<int?>(issues, parameter, $"{parameter} '{text}' is not a whole number.");

        private static T Invalid<T>(List<ValidationIssue> issues, string parameter, string message)
        {
            issues.Add(ValidationIssue.Field(parameter, message));
            return default!;
        }
    }
}
