using System.Globalization;
using TaskDesk.Domain.Common;

namespace TaskDesk.Domain.Workflows;

/// <summary>
/// The rules a workflow graph obeys, each problem reported against the step or transition it concerns.
/// <see cref="CheckStructure"/> holds for every saved graph; <see cref="CheckCompleteness"/> is added before
/// a workflow is deployed or initialized (and whenever a caller asks for a strict save).
/// </summary>
public static class GraphValidator
{
    public const decimal WeightTolerance = 0.001m;

    public static List<ValidationIssue> CheckAll(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, IReadOnlyDictionary<int, string> roleNames)
    {
        var issues = CheckStructure(steps, transitions, roleNames);
        issues.AddRange(CheckCompleteness(steps, transitions));
        return issues;
    }

    public static List<ValidationIssue> CheckStructure(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, IReadOnlyDictionary<int, string> roleNames)
    {
        var issues = new List<ValidationIssue>();
        var byKey = new Dictionary<string, StepDraft>(StringComparer.Ordinal);

        foreach (var step in steps)
        {
            var label = Label(step);
            if (string.IsNullOrWhiteSpace(step.Key))
            {
                issues.Add(ValidationIssue.ForGraph($"Step {label} has no key: give it a temp_id (new step) or its step_id."));
                continue;
            }

            if (!byKey.TryAdd(step.Key, step))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"The key '{step.Key}' is used by more than one step."));
            }

            Guard.Text(step.Name, "Step name", Step.NameMaxLength, required: true, m => ValidationIssue.ForStep(step.Key, m), issues);
            Guard.Text(step.Description, $"Description of step {label}", Step.DescriptionMaxLength, required: false, m => ValidationIssue.ForStep(step.Key, m), issues);
            Guard.Text(step.Instruction, $"Instruction of step {label}", Step.InstructionMaxLength, required: false, m => ValidationIssue.ForStep(step.Key, m), issues);

            if (step.Weight < 0m || step.Weight > 1m)
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {label} has weight {Format(step.Weight)}; a weight is between 0 and 1."));
            }

            if (step.RoleId is { } roleId && !roleNames.ContainsKey(roleId))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {label} names role {roleId}, which does not exist."));
            }

            if (step.EscalateToRoleId is { } escalateTo && !roleNames.ContainsKey(escalateTo))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {label} escalates to role {escalateTo}, which does not exist."));
            }

            if (!double.IsFinite(step.Design.X) || !double.IsFinite(step.Design.Y))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {label} has a design position that is not a finite number."));
            }
        }

        var transitionKeys = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string, string)>();
        foreach (var transition in transitions)
        {
            var label = Label(transition);
            if (!transitionKeys.Add(transition.Key))
            {
                issues.Add(ValidationIssue.ForTransition(transition.Key, $"The key '{transition.Key}' is used by more than one transition."));
            }

            Guard.Text(transition.Name, $"Name of transition {label}", Transition.NameMaxLength, required: false, m => ValidationIssue.ForTransition(transition.Key, m), issues);
            if (transition.Design is { Length: > Transition.DesignMaxLength })
            {
                issues.Add(ValidationIssue.ForTransition(transition.Key, $"Design of transition {label} must be at most {Transition.DesignMaxLength} characters."));
            }

            var from = End(transition.FromStepKey, "starts", transition, byKey, issues);
            var to = End(transition.ToStepKey, "ends", transition, byKey, issues);
            if (from is null || to is null)
            {
                continue;
            }

            if (from.Key == to.Key)
            {
                issues.Add(ValidationIssue.ForTransition(transition.Key, $"Transition {label} leads from step {Label(from)} back to itself; a transition joins two different steps."));
            }
            else if (!seen.Add((from.Key, to.Key, (transition.Name ?? "").Trim().ToUpperInvariant())))
            {
                issues.Add(ValidationIssue.ForTransition(transition.Key, $"Transition {label} from {Label(from)} to {Label(to)} is there twice."));
            }
        }

        return issues;
    }

    public static List<ValidationIssue> CheckCompleteness(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions)
    {
        var issues = new List<ValidationIssue>();
        var starts = steps.Where(s => s.IsStart).ToList();
        if (starts.Count == 0)
        {
            issues.Add(ValidationIssue.ForGraph("The workflow has no start step; mark exactly one step as the start."));
        }

        foreach (var extra in starts.Skip(1))
        {
            issues.Add(ValidationIssue.ForStep(extra.Key, $"Step {Label(extra)} is marked as start, but so is {Label(starts[0])}; a workflow has exactly one start step."));
        }

        // A task is assigned its start step and completes only by a transition into an end step: one that starts at an
        // end would wait there for ever.
        foreach (var both in starts.Where(s => s.IsEnd))
        {
            issues.Add(ValidationIssue.ForStep(both.Key, $"Step {Label(both)} is both the start and an end; a task starts there and could never complete. Add a step after it and make that the end."));
        }

        if (!steps.Any(s => s.IsEnd))
        {
            issues.Add(ValidationIssue.ForGraph("The workflow has no end step; mark at least one step as an end."));
        }

        foreach (var duplicate in steps.Where(s => !string.IsNullOrWhiteSpace(s.Name))
                     .GroupBy(s => s.Name!.Trim(), StringComparer.OrdinalIgnoreCase)
                     .Where(g => g.Count() > 1)
                     .SelectMany(g => g.Skip(1)))
        {
            issues.Add(ValidationIssue.ForStep(duplicate.Key, $"Step name {Label(duplicate)} is used by another step of this workflow; step names are unique within a workflow."));
        }

        foreach (var step in steps.Where(s => s.RoleId is null))
        {
            issues.Add(ValidationIssue.ForStep(step.Key, $"Step {Label(step)} has no role; every step is owned by a role."));
        }

        if (steps.Count > 0)
        {
            var total = steps.Sum(s => s.Weight);
            if (Math.Abs(total - 1m) > WeightTolerance)
            {
                issues.Add(ValidationIssue.ForGraph($"Step weights add up to {Format(total)}; they must add up to 1.0 (within {Format(WeightTolerance)})."));
            }
        }

        foreach (var transition in transitions.Where(t => string.IsNullOrWhiteSpace(t.Name)))
        {
            issues.Add(ValidationIssue.ForTransition(transition.Key, $"Transition {Label(transition)} has no name; its name is the action agents click."));
        }

        CheckPaths(steps, transitions, starts, issues);
        return issues;
    }

    private static void CheckPaths(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, List<StepDraft> starts, List<ValidationIssue> issues)
    {
        var keys = steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var edges = transitions
            .Where(t => t.FromStepKey is not null && t.ToStepKey is not null && keys.Contains(t.FromStepKey) && keys.Contains(t.ToStepKey))
            .Select(t => (From: t.FromStepKey!, To: t.ToStepKey!))
            .ToList();

        if (starts.Count > 0)
        {
            var reachable = Walk(starts.Select(s => s.Key), edges.ToLookup(e => e.From, e => e.To));
            foreach (var step in steps.Where(s => !reachable.Contains(s.Key)))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {Label(step)} cannot be reached from the start step."));
            }
        }

        var ends = steps.Where(s => s.IsEnd).Select(s => s.Key).ToList();
        if (ends.Count > 0)
        {
            var canFinish = Walk(ends, edges.ToLookup(e => e.To, e => e.From));
            foreach (var step in steps.Where(s => !canFinish.Contains(s.Key)))
            {
                issues.Add(ValidationIssue.ForStep(step.Key, $"Step {Label(step)} has no path to an end step."));
            }
        }
    }

    private static HashSet<string> Walk(IEnumerable<string> from, ILookup<string, string> next)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from);
        while (queue.TryDequeue(out var key))
        {
            if (visited.Add(key))
            {
                foreach (var neighbour in next[key])
                {
                    queue.Enqueue(neighbour);
                }
            }
        }

        return visited;
    }

    private static StepDraft? End(string? key, string verb, TransitionDraft transition, Dictionary<string, StepDraft> byKey, List<ValidationIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            issues.Add(ValidationIssue.ForTransition(transition.Key, $"Transition {Label(transition)} does not say which step it {verb} at."));
            return null;
        }

        if (!byKey.TryGetValue(key, out var step))
        {
            issues.Add(ValidationIssue.ForTransition(transition.Key, $"Transition {Label(transition)} {verb} at step '{key}', which is not a step of this workflow."));
            return null;
        }

        return step;
    }

    private static string Label(StepDraft step) => string.IsNullOrWhiteSpace(step.Name) ? $"'{step.Key}'" : $"'{step.Name.Trim()}'";

    private static string Label(TransitionDraft transition) =>
        string.IsNullOrWhiteSpace(transition.Name) ? $"'{transition.FromStepKey} → {transition.ToStepKey}'" : $"'{transition.Name.Trim()}'";

    private static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
