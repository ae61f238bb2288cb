using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskDesk.Domain.Workflows;

/// <summary>The content of a <see cref="WorkflowVersion"/>: the seed's definition shape, plus what a task needs from the workflow itself.</summary>
public sealed record WorkflowDefinition(
    IReadOnlyList<DefinitionNode> Nodes,
    IReadOnlyList<DefinitionEdge> Edges,
    DefinitionMetadata Metadata,
    DefinitionWorkflow Workflow)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static WorkflowDefinition Parse(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, Json) ?? throw new InvalidOperationException("A workflow version has an empty definition.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    [JsonIgnore]
    public DefinitionNode StartNode => Nodes.Single(n => n.IsStart);

    public DefinitionNode Node(int stepId) =>
        Nodes.SingleOrDefault(n => n.StepId == stepId) ?? throw new InvalidOperationException($"Step {stepId} is not in this version.");

    public IEnumerable<DefinitionEdge> EdgesFrom(int stepId) => Edges.Where(e => e.FromStepId == stepId);

    /// <summary>The SLA for a priority, as the version recorded it (null when the workflow sets none).</summary>
    public TimeSpan? Sla(SlaPriority priority)
    {
        var text = priority switch
        {
            SlaPriority.Urgent => Workflow.UrgentSla,
            SlaPriority.High => Workflow.HighSla,
            SlaPriority.Medium => Workflow.MediumSla,
            _ => Workflow.LowSla,
        };
        return SlaDuration.TryParse(text, out var sla) ? sla : null;
    }

    internal static string Of(Workflow workflow, IReadOnlyDictionary<int, string> roleNames, int createdBy, DateTimeOffset now)
    {
        string? NameOf(int? roleId) => roleId is { } id && roleNames.TryGetValue(id, out var name) ? name : null;

        var nodes = workflow.Steps
            .OrderBy(s => s.Order).ThenBy(s => s.Id)
            .Select(s => new DefinitionNode(
                s.Id, s.Name, s.Description, s.Instruction, s.RoleId!.Value, NameOf(s.RoleId) ?? "", s.EscalateToRoleId, NameOf(s.EscalateToRoleId),
                s.Weight, s.Order, s.IsStart, s.IsEnd, new DefinitionDesign(s.Design.X, s.Design.Y)))
            .ToList();
        var edges = workflow.Transitions
            .OrderBy(t => t.Id)
            .Select(t => new DefinitionEdge(t.Id, t.FromStep.Id, t.ToStep.Id, t.Name))
            .ToList();
        var details = new DefinitionWorkflow(
            workflow.Id, workflow.Name, workflow.Department, workflow.Category, workflow.SubCategory,
            Format(workflow.LowSla), Format(workflow.MediumSla), Format(workflow.HighSla), Format(workflow.UrgentSla), EndLogicCodes.ToCode(workflow.EndLogic), workflow.EscalateOnBreach);
        return new WorkflowDefinition(nodes, edges, new DefinitionMetadata(now.UtcDateTime, createdBy), details).ToJson();
    }

    private static string? Format(TimeSpan? sla) => sla is { } value ? SlaDuration.Format(value) : null;
}

public sealed record DefinitionNode(
    int StepId,
    string Name,
    string Description,
    string Instruction,
    int RoleId,
    string RoleName,
    int? EscalateTo,
    string? EscalateToName,
    decimal Weight,
    int Order,
    bool IsStart,
    bool IsEnd,
    DefinitionDesign Design);

public sealed record DefinitionDesign(double X, double Y);

public sealed record DefinitionEdge(int TransitionId, int FromStepId, int ToStepId, string Name);

/// <summary>When and by whom (a user id) the version was written; <c>created_at</c> is UTC.</summary>
public sealed record DefinitionMetadata(DateTime CreatedAt, int CreatedBy);

public sealed record DefinitionWorkflow(
    int WorkflowId,
    string Name,
    string Department,
    string Category,
    string SubCategory,
    string? LowSla,
    string? MediumSla,
    string? HighSla,
    string? UrgentSla,
    string EndLogic,
    bool EscalateOnBreach = false);
