using System.Globalization;
using System.Text.Json;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows;

// The API's JSON shapes, named in snake_case by the serializer; POST /api/workflows takes the seed's body verbatim.

public sealed record CreateWorkflowRequest(WorkflowDetailsInput? Workflow, GraphInput? Graph);

/// <summary>Workflow details; SLAs are durations such as <c>"72:00:00"</c>. <c>revision</c>, when given, must match the stored one.</summary>
public sealed record WorkflowDetailsInput(
    string? Name,
    string? Description,
    string? Category,
    string? SubCategory,
    string? Department,
    string? LowSla,
    string? MediumSla,
    string? HighSla,
    string? UrgentSla,
    string? EndLogic,
    int? Revision,
    bool? EscalateOnBreach = null)
{
    public WorkflowDetails ToDetails()
    {
        var issues = new List<ValidationIssue>();
        var details = ToDetails(issues);
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }

        return details;
    }

    /// <summary>Reads the details, adding to <paramref name="issues"/> each value that cannot be read (left empty in the result).</summary>
    public WorkflowDetails ToDetails(List<ValidationIssue> issues) =>
        new(
            Name, Description, Department, Category, SubCategory,
            ParseSla(LowSla, "low_sla", issues), ParseSla(MediumSla, "medium_sla", issues), ParseSla(HighSla, "high_sla", issues), ParseSla(UrgentSla, "urgent_sla", issues),
            ParseEndLogic(EndLogic, issues),
            EscalateOnBreach ?? false);

    private static TimeSpan? ParseSla(string? text, string field, List<ValidationIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (SlaDuration.TryParse(text, out var value))
        {
            return value;
        }

        issues.Add(ValidationIssue.Field(field, $"{field} '{text}' is not a duration; write hours:minutes:seconds, e.g. \"72:00:00\"."));
        return null;
    }

    private static EndLogic ParseEndLogic(string? text, List<ValidationIssue> issues)
    {
        if (EndLogicCodes.TryParse(text, out var endLogic))
        {
            return endLogic;
        }

        issues.Add(ValidationIssue.Field("end_logic", $"end_logic '{text}' is not one of '', 'asset', 'budget', 'notification'."));
        return Domain.Workflows.EndLogic.None;
    }
}

/// <summary>A graph: new nodes carry a <c>temp_id</c>, existing ones their <c>step_id</c>; edges name their ends the same way.</summary>
public sealed record GraphInput(IReadOnlyList<NodeInput>? Nodes, IReadOnlyList<EdgeInput>? Edges, int? Revision)
{
    /// <summary>
    /// The drafts the domain checks. A null node or edge is refused here (it has nothing to check); so is a graph without
    /// <c>nodes</c> where it replaces one (<paramref name="replacing"/>): a misspelt or forgotten field would otherwise
    /// clear every step of the draft — clearing it on purpose sends <c>"nodes": []</c>.
    /// </summary>
    public (List<StepDraft> Steps, List<TransitionDraft> Transitions) ToDrafts(bool replacing = false)
    {
        var issues = new List<ValidationIssue>();
        if (replacing && Nodes is null)
        {
            issues.Add(ValidationIssue.Field("nodes", "nodes is required: the graph's steps (send [] to clear the graph)."));
        }

        issues.AddRange((Nodes ?? []).Select((n, i) => (n, i)).Where(x => x.n is null).Select(x => ValidationIssue.Field($"nodes[{x.i}]", $"nodes[{x.i}] is null; a node is an object.")));
        issues.AddRange((Edges ?? []).Select((e, i) => (e, i)).Where(x => x.e is null).Select(x => ValidationIssue.Field($"edges[{x.i}]", $"edges[{x.i}] is null; an edge is an object.")));
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }

        var steps = (Nodes ?? []).Select((n, i) => n.ToDraft(i)).ToList();
        var transitions = (Edges ?? []).Select((e, i) => e.ToDraft(i)).ToList();
        return (steps, transitions);
    }
}

public sealed record DesignInput(double? X, double? Y);

public sealed record NodeInput(
    string? TempId,
    int? StepId,
    string? Name,
    string? Description,
    string? Instruction,
    int? RoleId,
    int? EscalateTo,
    decimal? Weight,
    int? Order,
    bool? IsStart,
    bool? IsEnd,
    DesignInput? Design)
{
    public static string KeyOf(string? tempId, int? stepId) =>
        !string.IsNullOrWhiteSpace(tempId) ? tempId.Trim() : stepId?.ToString(CultureInfo.InvariantCulture) ?? "";

    public StepDraft ToDraft(int index)
    {
        var key = KeyOf(TempId, StepId);
        return new StepDraft(
            key.Length > 0 ? key : $"#{index}", StepId, Name, Description, Instruction, RoleId, EscalateTo,
            Weight ?? 0m, Order ?? index, IsStart ?? false, IsEnd ?? false, new StepDesign(Design?.X ?? 0, Design?.Y ?? 0));
    }
}

public sealed record EdgeInput(
    string? TempId,
    int? TransitionId,
    string? FromTempId,
    string? ToTempId,
    int? FromStepId,
    int? ToStepId,
    string? Name,
    JsonElement? Design)
{
    public TransitionDraft ToDraft(int index)
    {
        var key = !string.IsNullOrWhiteSpace(TempId) ? TempId.Trim()
            : TransitionId?.ToString(CultureInfo.InvariantCulture) ?? index.ToString(CultureInfo.InvariantCulture);
        var design = Design is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } json ? json.GetRawText() : null;
        return new TransitionDraft(key, TransitionId, NullIfEmpty(NodeInput.KeyOf(FromTempId, FromStepId)), NullIfEmpty(NodeInput.KeyOf(ToTempId, ToStepId)), Name, design);
    }

    private static string? NullIfEmpty(string key) => key.Length == 0 ? null : key;
}

public sealed record WorkflowResponse(
    int WorkflowId,
    string Name,
    string Description,
    string Category,
    string SubCategory,
    string Department,
    string? LowSla,
    string? MediumSla,
    string? HighSla,
    string? UrgentSla,
    string EndLogic,
    bool EscalateOnBreach,
    string Status,
    int Revision,
    int? ActiveVersion,
    int LatestVersion,
    int CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WorkflowResponse From(WorkflowView view) => new(
        view.Id, view.Details.Name ?? "", view.Details.Description ?? "", view.Details.Category ?? "", view.Details.SubCategory ?? "", view.Details.Department ?? "",
        Sla(view.Details.LowSla), Sla(view.Details.MediumSla), Sla(view.Details.HighSla), Sla(view.Details.UrgentSla),
        EndLogicCodes.ToCode(view.Details.EndLogic), view.Details.EscalateOnBreach, view.Status.ToString().ToLowerInvariant(), view.Revision, view.ActiveVersionNumber, view.LatestVersionNumber,
        view.CreatedBy, view.CreatedAt, view.UpdatedAt);

    private static string? Sla(TimeSpan? value) => value is { } sla ? SlaDuration.Format(sla) : null;
}

public sealed record WorkflowWithGraphResponse(WorkflowResponse Workflow, GraphResponse Graph);

public sealed record GraphResponse(int WorkflowId, int Revision, IReadOnlyList<NodeResponse> Nodes, IReadOnlyList<EdgeResponse> Edges)
{
    public static GraphResponse From(WorkflowView view) => new(
        view.Id,
        view.Revision,
        view.Steps.Select(s => new NodeResponse(s.Id, s.Name, s.Description, s.Instruction, s.RoleId, s.RoleName, s.EscalateToRoleId, s.EscalateToRoleName, s.Weight, s.Order, s.IsStart, s.IsEnd, new DesignResponse(s.Design.X, s.Design.Y))).ToList(),
        view.Transitions.Select(t => new EdgeResponse(t.Id, t.FromStepId, t.ToStepId, t.Name, t.Design is null ? null : JsonDocument.Parse(t.Design).RootElement)).ToList());
}

public sealed record NodeResponse(
    int StepId, string Name, string Description, string Instruction, int? RoleId, string? RoleName, int? EscalateTo, string? EscalateToName,
    decimal Weight, int Order, bool IsStart, bool IsEnd, DesignResponse Design);

public sealed record DesignResponse(double X, double Y);

public sealed record EdgeResponse(int TransitionId, int FromStepId, int ToStepId, string Name, JsonElement? Design);

/// <summary>The answer to a graph save: the workflow, its graph, and the id each temp_id received.</summary>
public sealed record GraphSavedResponse(WorkflowResponse Workflow, GraphResponse Graph, IReadOnlyDictionary<string, int> StepIds, IReadOnlyDictionary<string, int> TransitionIds)
{
    public static GraphSavedResponse From(GraphSaved saved) =>
        new(WorkflowResponse.From(saved.Workflow), GraphResponse.From(saved.Workflow), saved.StepIds, saved.TransitionIds);
}

public sealed record ValidationReport(bool IsValid, IReadOnlyDictionary<string, string[]> Errors);

public sealed record VersionSummaryResponse(int Version, bool IsActive, int CreatedBy, DateTimeOffset CreatedAt);

public sealed record VersionResponse(int WorkflowId, int Version, bool IsActive, int CreatedBy, DateTimeOffset CreatedAt, JsonElement Definition);
