namespace TaskDesk.Domain.Workflows;

/// <summary>A named move from one step to another of the same workflow. Changed only through its <see cref="Workflow"/>.</summary>
public sealed class Transition
{
    public const int NameMaxLength = 200;
    public const int DesignMaxLength = 4000;

    private Transition()
    {
        Name = "";
    }

    internal Transition(Workflow workflow, Step from, Step to, string name, string? design)
        : this()
    {
        Workflow = workflow;
        Apply(from, to, name, design);
    }

    public int Id { get; private set; }

    public int WorkflowId { get; private set; }

    public Workflow Workflow { get; private set; } = null!;

    public int FromStepId { get; private set; }

    public Step FromStep { get; private set; } = null!;

    public int ToStepId { get; private set; }

    public Step ToStep { get; private set; } = null!;

    public string Name { get; private set; }

    /// <summary>The designer's own data for drawing the edge (handle positions), a JSON object kept as it was given.</summary>
    public string? Design { get; private set; }

    internal void Apply(Step from, Step to, string name, string? design)
    {
        FromStep = from;
        ToStep = to;
        Name = name;
        Design = design;
    }
}
