namespace TaskDesk.Domain.Workflows;

/// <summary>A state of a workflow, owned by a role. Changed only through its <see cref="Workflow"/>.</summary>
public sealed class Step
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;
    public const int InstructionMaxLength = 8000;

    private Step()
    {
        Name = "";
        Description = "";
        Instruction = "";
    }

    internal Step(Workflow workflow, StepDraft draft)
        : this()
    {
        Workflow = workflow;
        Apply(draft);
    }

    public int Id { get; private set; }

    public int WorkflowId { get; private set; }

    public Workflow Workflow { get; private set; } = null!;

    public string Name { get; private set; }

    public string Description { get; private set; }

    public string Instruction { get; private set; }

    public int? RoleId { get; private set; }

    public int? EscalateToRoleId { get; private set; }

    /// <summary>The share of the ticket's SLA this step gets, between 0 and 1.</summary>
    public decimal Weight { get; private set; }

    public int Order { get; private set; }

    public bool IsStart { get; private set; }

    public bool IsEnd { get; private set; }

    public StepDesign Design { get; private set; }

    internal void Apply(StepDraft draft)
    {
        Name = draft.Name?.Trim() ?? "";
        Description = draft.Description?.Trim() ?? "";
        Instruction = draft.Instruction?.Trim() ?? "";
        RoleId = draft.RoleId;
        EscalateToRoleId = draft.EscalateToRoleId;
        Weight = draft.Weight;
        Order = draft.Order;
        IsStart = draft.IsStart;
        IsEnd = draft.IsEnd;
        Design = draft.Design;
    }

    internal StepDraft ToDraft(string key, bool keepId) =>
        new(key, keepId ? Id : null, Name, Description, Instruction, RoleId, EscalateToRoleId, Weight, Order, IsStart, IsEnd, Design);
}
