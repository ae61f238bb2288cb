using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows;

/// <summary>A row of the workflows list.</summary>
public sealed record WorkflowSummary(
    int Id,
    string Name,
    string Department,
    string Category,
    string SubCategory,
    WorkflowStatus Status,
    int? ActiveVersionNumber,
    int LatestVersionNumber,
    int StepCount,
    DateTimeOffset UpdatedAt);

/// <summary>A workflow with its whole graph, as pages and the API show it.</summary>
public sealed record WorkflowView(
    int Id,
    WorkflowDetails Details,
    WorkflowStatus Status,
    int Revision,
    int? ActiveVersionNumber,
    int LatestVersionNumber,
    int CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StepView> Steps,
    IReadOnlyList<TransitionView> Transitions)
{
    public bool IsGraphEditable => Status == WorkflowStatus.Draft;

    public bool AreDetailsEditable => Status is WorkflowStatus.Draft or WorkflowStatus.Deployed;
}

public sealed record StepView(
    int Id,
    string Name,
    string Description,
    string Instruction,
    int? RoleId,
    string? RoleName,
    int? EscalateToRoleId,
    string? EscalateToRoleName,
    decimal Weight,
    int Order,
    bool IsStart,
    bool IsEnd,
    StepDesign Design);

public sealed record TransitionView(int Id, int FromStepId, int ToStepId, string Name, string? Design);

public sealed record VersionSummary(int Number, bool IsActive, int CreatedBy, DateTimeOffset CreatedAt);

public sealed record VersionView(int WorkflowId, int Number, bool IsActive, int CreatedBy, DateTimeOffset CreatedAt, string Definition);

/// <summary>What a graph save produced: the workflow, and the ids given to the caller's temporary keys.</summary>
public sealed record GraphSaved(WorkflowView Workflow, IReadOnlyDictionary<string, int> StepIds, IReadOnlyDictionary<string, int> TransitionIds);
