using System.Globalization;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows.Designer;

/// <summary>
/// The graph being drawn, held in C# as the drafts the service saves: existing steps and transitions are keyed by their
/// ids, new ones by temporary keys. Every edit is recorded so it can be undone; what is valid is left to <see cref="GraphValidator"/>.
/// </summary>
public sealed class WorkingGraph
{
    private readonly Stack<Snapshot> _undo = new();
    private readonly Stack<Snapshot> _redo = new();
    private int _nextKey;

    private WorkingGraph(List<StepDraft> steps, List<TransitionDraft> transitions)
    {
        Steps = steps;
        Transitions = transitions;
    }

    public IReadOnlyList<StepDraft> Steps { get; private set; }

    public IReadOnlyList<TransitionDraft> Transitions { get; private set; }

    /// <summary>Whether there are edits since it was loaded or last saved.</summary>
    public bool IsChanged { get; private set; }

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public static WorkingGraph From(WorkflowView view) => new(
        view.Steps.Select(s => new StepDraft(Key(s.Id), s.Id, s.Name, s.Description, s.Instruction, s.RoleId, s.EscalateToRoleId, s.Weight, s.Order, s.IsStart, s.IsEnd, s.Design)).ToList(),
        view.Transitions.Select(t => new TransitionDraft(Key(t.Id), t.Id, Key(t.FromStepId), Key(t.ToStepId), t.Name, t.Design)).ToList());

    public static WorkingGraph From(WorkflowDefinition definition) => new(
        definition.Nodes.Select(n => new StepDraft(Key(n.StepId), n.StepId, n.Name, n.Description, n.Instruction, n.RoleId, n.EscalateTo, n.Weight, n.Order, n.IsStart, n.IsEnd, new StepDesign(n.Design.X, n.Design.Y))).ToList(),
        definition.Edges.Select(e => new TransitionDraft(Key(e.TransitionId), e.TransitionId, Key(e.FromStepId), Key(e.ToStepId), e.Name, null)).ToList());

    public static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The role names a version recorded for its steps, for drawing it.</summary>
    public static IReadOnlyDictionary<int, string> RoleNames(WorkflowDefinition definition) =>
        definition.Nodes.Select(n => (n.RoleId, n.RoleName)).Distinct().ToDictionary(r => r.RoleId, r => r.RoleName);

    public StepDraft? Step(string? key) => Steps.FirstOrDefault(s => s.Key == key);

    public TransitionDraft? Transition(string? key) => Transitions.FirstOrDefault(t => t.Key == key);

    public StepDraft AddStep(double x, double y)
    {
        var order = Steps.Count == 0 ? 1 : Steps.Max(s => s.Order) + 1;
        var name = $"Step {order}";
        while (Steps.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            name += "'";
        }

        var step = new StepDraft(NewKey("step"), null, name, "", "", null, null, 0m, order, IsStart: Steps.Count == 0, IsEnd: false, new StepDesign(Math.Round(x), Math.Round(y)));
        Record();
        Steps = [.. Steps, step];
        return step;
    }

    public void ReplaceStep(StepDraft step)
    {
        if (Step(step.Key) is { } current && current != step)
        {
            Record();
            Steps = Steps.Select(s => s.Key == step.Key ? step : s).ToList();
        }
    }

    public void MoveStep(string key, double x, double y)
    {
        if (Step(key) is { } step)
        {
            ReplaceStep(step with { Design = new StepDesign(Math.Round(x), Math.Round(y)) });
        }
    }

    /// <summary>Moves several steps as one edit (an automatic layout).</summary>
    public void MoveSteps(IEnumerable<(string Key, double X, double Y)> positions)
    {
        var byKey = positions.ToDictionary(p => p.Key, p => new StepDesign(Math.Round(p.X), Math.Round(p.Y)));
        Record();
        Steps = Steps.Select(s => byKey.TryGetValue(s.Key, out var design) ? s with { Design = design } : s).ToList();
    }

    /// <summary>Joins two different steps; a self-loop is refused (null), as the validator would refuse it on save.</summary>
    public TransitionDraft? Connect(string fromKey, string toKey, string? design)
    {
        if (fromKey == toKey || Step(fromKey) is null || Step(toKey) is null)
        {
            return null;
        }

        var transition = new TransitionDraft(NewKey("transition"), null, fromKey, toKey, "", design);
        Record();
        Transitions = [.. Transitions, transition];
        return transition;
    }

    public void ReplaceTransition(TransitionDraft transition)
    {
        if (Transition(transition.Key) is { } current && current != transition)
        {
            Record();
            Transitions = Transitions.Select(t => t.Key == transition.Key ? transition : t).ToList();
        }
    }

    /// <summary>Removes a step with the transitions that touch it; returns the keys of everything removed.</summary>
    public IReadOnlyList<string> RemoveStep(string key)
    {
        if (Step(key) is null)
        {
            return [];
        }

        var touching = Transitions.Where(t => t.FromStepKey == key || t.ToStepKey == key).Select(t => t.Key).ToList();
        Record();
        Steps = Steps.Where(s => s.Key != key).ToList();
        Transitions = Transitions.Where(t => !touching.Contains(t.Key)).ToList();
        return [.. touching, key];
    }

    public bool RemoveTransition(string key)
    {
        if (Transition(key) is null)
        {
            return false;
        }

        Record();
        Transitions = Transitions.Where(t => t.Key != key).ToList();
        return true;
    }

    public bool Undo() => Swap(_undo, _redo);

    public bool Redo() => Swap(_redo, _undo);

    private bool Swap(Stack<Snapshot> from, Stack<Snapshot> to)
    {
        if (!from.TryPop(out var snapshot))
        {
            return false;
        }

        to.Push(new Snapshot(Steps, Transitions));
        (Steps, Transitions) = (snapshot.Steps, snapshot.Transitions);
        IsChanged = true;
        return true;
    }

    private void Record()
    {
        _undo.Push(new Snapshot(Steps, Transitions));
        _redo.Clear();
        IsChanged = true;
    }

    private string NewKey(string prefix)
    {
        string key;
        do
        {
            key = $"new-{prefix}-{++_nextKey}";
        }
        while (Step(key) is not null || Transition(key) is not null);

        return key;
    }

    private sealed record Snapshot(IReadOnlyList<StepDraft> Steps, IReadOnlyList<TransitionDraft> Transitions);
}
