namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// What a bulk transfer of selected tasks will do: the active assignment of each row, all of one role (the dialog offers
/// that role's members), or the reason it cannot go ahead. Rows without an active assignment are reported, not skipped silently.
/// </summary>
public sealed record BulkTransferPlan(
    IReadOnlyList<(string TicketNumber, int TaskItemId)> Assignments,
    int RoleId,
    string RoleName,
    int? CommonUserId,
    IReadOnlyList<string> Refusals,
    string? Problem)
{
    public static BulkTransferPlan For(IReadOnlyList<TaskListRow> rows)
    {
        var withAssignment = rows.Where(r => r.Assignees.Count > 0).Select(r => (Row: r, Assignee: r.Assignees[0])).ToList();
        var refusals = rows.Where(r => r.Assignees.Count == 0)
            .Select(r => $"{r.Ticket.TicketNumber}: it has no active assignment to transfer (it is {InboxDisplay.Status(r.Status).ToLowerInvariant()}).")
            .ToList();
        var roles = withAssignment.Select(a => (a.Assignee.RoleId, a.Assignee.Role)).Distinct().ToList();
        var problem = roles.Count switch
        {
            0 => "None of the selected tasks has an active assignment to transfer.",
            > 1 => $"The selected assignments belong to several roles ({string.Join(", ", roles.Select(r => r.Role).Order(StringComparer.Ordinal))}); "
                + "a transfer goes to a member of the same role, so select the assignments of one role at a time. Nothing was transferred.",
            _ => null,
        };
        var users = withAssignment.Select(a => a.Assignee.UserId).Distinct().ToList();
        return new BulkTransferPlan(
            withAssignment.Select(a => (a.Row.Ticket.TicketNumber, a.Assignee.TaskItemId)).ToList(),
            roles.Count == 1 ? roles[0].RoleId : 0,
            roles.Count == 1 ? roles[0].Role : "",
            users.Count == 1 ? users[0] : null,
            refusals,
            problem);
    }
}
