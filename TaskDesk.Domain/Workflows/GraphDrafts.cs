namespace TaskDesk.Domain.Workflows;

public readonly record struct StepDesign(double X, double Y);

/// <summary>The editable details of a workflow, as a form or the API hands them in.</summary>
public sealed record WorkflowDetails(
    string? Name,
    string? Description,
    string? Department,
    string? Category,
    string? SubCategory,
    TimeSpan? LowSla,
    TimeSpan? MediumSla,
    TimeSpan? HighSla,
    TimeSpan? UrgentSla,
    EndLogic EndLogic,
    bool EscalateOnBreach = false);

/// <summary>
/// A step as a caller wants it to be. <see cref="Key"/> is the caller's name for it within one graph
/// (a temp_id, or an existing step's id); <see cref="StepId"/> set means "this existing step".
/// </summary>
public sealed record StepDraft(
    string Key,
    int? StepId,
    string? Name,
    string? Description,
    string? Instruction,
    int? RoleId,
    int? EscalateToRoleId,
    decimal Weight,
    int Order,
    bool IsStart,
    bool IsEnd,
    StepDesign Design);

/// <summary>A transition as a caller wants it to be; its ends name steps by their <see cref="StepDraft.Key"/>.</summary>
public sealed record TransitionDraft(
    string Key,
    int? TransitionId,
    string? FromStepKey,
    string? ToStepKey,
    string? Name,
    string? Design);

/// <summary>The steps and transitions of a saved graph by the keys the caller gave them, to report the ids they receive.</summary>
public sealed record GraphKeys(IReadOnlyDictionary<string, Step> Steps, IReadOnlyDictionary<string, Transition> Transitions);
