namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// What came of an action on a list: what was done, every refusal with the row it concerns, and the note or reason
/// typed for an action that was refused outright (<see cref="Unsent"/>), which is saved nowhere else.
/// </summary>
public sealed record ActionOutcome(string? Done, IReadOnlyList<string> Refusals, string? Unsent = null)
{
    public static ActionOutcome Success(string done) => new(done, []);

    public static ActionOutcome Refused(string refusal, string? unsent = null) => new(null, [refusal], unsent);
}
