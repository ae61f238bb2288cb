namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>What came of an action on a list: what was done, and every refusal with the row it concerns.</summary>
public sealed record ActionOutcome(string? Done, IReadOnlyList<string> Refusals)
{
    public static ActionOutcome Success(string done) => new(done, []);

    public static ActionOutcome Refused(string refusal) => new(null, [refusal]);
}
