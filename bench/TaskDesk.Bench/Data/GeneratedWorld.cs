using TaskDesk.Domain.Workflows;

namespace TaskDesk.Bench.Data;

public sealed record GeneratedWorkflow(int Id, int VersionId, string Department, string Category, string SubCategory, WorkflowDefinition Definition)
{
    /// <summary>The steps from the start to the end along each step's first transition: the way the generator moves tasks.</summary>
    public IReadOnlyList<DefinitionNode> MainPath { get; } = PathOf(Definition);

    /// <summary>The transition that moves a task on from a step along the main path.</summary>
    public DefinitionEdge Forward(int stepId) => Definition.Edges.Where(e => e.FromStepId == stepId).OrderBy(e => e.TransitionId).First();

    private static List<DefinitionNode> PathOf(WorkflowDefinition definition)
    {
        var path = new List<DefinitionNode> { definition.StartNode };
        while (!path[^1].IsEnd)
        {
            var next = definition.Node(definition.Edges.Where(e => e.FromStepId == path[^1].StepId).OrderBy(e => e.TransitionId).First().ToStepId);
            path.Add(next);
        }

        return path;
    }
}

/// <summary>What the generator made, for the scenarios to act on: who can sign in, which workflows take tickets.</summary>
public sealed record GeneratedWorld(
    string Name,
    IReadOnlyList<int> AdministratorIds,
    IReadOnlyList<int> CoordinatorIds,
    IReadOnlyList<int> WorkerIds,
    IReadOnlyList<GeneratedWorkflow> Workflows,
    int Tasks)
{
    /// <summary>Every generated account's password.</summary>
    public const string Password = "Bench-pass-1";

    public static string EmailOf(int userId) => $"user{userId:D5}@bench.taskdesk.local";
}
