using System.Globalization;
using TaskDesk.Domain.Common;

namespace TaskDesk.Domain.Workflows;

/// <summary>
/// A workflow definition: its details, its graph of steps and transitions, and its lifecycle
/// (draft → deployed → initialized ⇄ paused, edit back to draft, archive, clone).
/// Every change goes through a method here that refuses what the workflow's status does not allow.
/// </summary>
public sealed class Workflow
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;
    public const int MatchFieldMaxLength = 100;

    private readonly List<Step> _steps = [];
    private readonly List<Transition> _transitions = [];

    private Workflow()
    {
        Name = "";
        Description = "";
        Department = "";
        Category = "";
        SubCategory = "";
    }

    public Workflow(WorkflowDetails details, int createdBy, DateTimeOffset now)
        : this()
    {
        CreatedBy = createdBy;
        CreatedAt = now;
        Status = WorkflowStatus.Draft;
        ApplyDetails(details, now);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public string Department { get; private set; }

    public string Category { get; private set; }

    public string SubCategory { get; private set; }

    public TimeSpan? LowSla { get; private set; }

    public TimeSpan? MediumSla { get; private set; }

    public TimeSpan? HighSla { get; private set; }

    public TimeSpan? UrgentSla { get; private set; }

    public EndLogic EndLogic { get; private set; }

    /// <summary>When an assignment breaches its SLA, escalate it to its step's escalation role automatically.</summary>
    public bool EscalateOnBreach { get; private set; }

    public WorkflowStatus Status { get; private set; }

    public int CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Counts every change; two people saving the same workflow at once cannot both win.</summary>
    public int Revision { get; private set; }

    /// <summary>The highest version number ever written; versions are numbered 1, 2, … per workflow.</summary>
    public int LatestVersionNumber { get; private set; }

    public int? ActiveVersionId { get; private set; }

    /// <summary>The version new tasks bind to: the one written when the workflow was last initialized.</summary>
    public WorkflowVersion? ActiveVersion { get; private set; }

    /// <summary>Department, category and sub-category while the workflow takes tickets; unique across workflows, so matching is never ambiguous.</summary>
    public string? ActiveMatchKey { get; private set; }

    public IReadOnlyList<Step> Steps => _steps;

    public IReadOnlyList<Transition> Transitions => _transitions;

    public bool IsGraphEditable => Status == WorkflowStatus.Draft;

    public bool AreDetailsEditable => Status is WorkflowStatus.Draft or WorkflowStatus.Deployed;

    public static string MatchKeyOf(string department, string category, string subCategory) =>
        string.Join('\u001f', department.Trim().ToUpperInvariant(), category.Trim().ToUpperInvariant(), subCategory.Trim().ToUpperInvariant());

    public TimeSpan? SlaFor(SlaPriority priority) => priority switch
    {
        SlaPriority.Urgent => UrgentSla,
        SlaPriority.High => HighSla,
        SlaPriority.Medium => MediumSla,
        SlaPriority.Low => LowSla,
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    public void UpdateDetails(WorkflowDetails details, DateTimeOffset now)
    {
        if (!AreDetailsEditable)
        {
            throw Refused("its details cannot be changed", "Pause it if needed and choose Edit to return it to draft first.");
        }

        ApplyDetails(details, now);
    }

    /// <summary>
    /// Makes the graph exactly what the drafts describe: drafts with a step/transition id update that element,
    /// the others are added, and elements not named are removed. Refuses (changing nothing) when the drafts break
    /// a structural rule, or any rule at all when <paramref name="requireComplete"/> is set.
    /// </summary>
    public GraphKeys ReplaceGraph(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, IReadOnlyDictionary<int, string> roleNames, bool requireComplete, DateTimeOffset now)
    {
        if (!IsGraphEditable)
        {
            throw Refused("its steps and transitions cannot be changed", "Choose Edit to return it to draft first.");
        }

        var issues = requireComplete
            ? GraphValidator.CheckAll(steps, transitions, roleNames)
            : GraphValidator.CheckStructure(steps, transitions, roleNames);
        issues.AddRange(ForeignIds(steps, transitions));
        Guard.ThrowIfAny(issues);

        var existingSteps = _steps.Where(s => s.Id != 0).ToDictionary(s => s.Id);
        var stepsByKey = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var draft in steps)
        {
            Step step;
            if (draft.StepId is { } id)
            {
                step = existingSteps[id];
                step.Apply(draft);
            }
            else
            {
                step = new Step(this, draft);
            }

            stepsByKey[draft.Key] = step;
        }

        var existingTransitions = _transitions.Where(t => t.Id != 0).ToDictionary(t => t.Id);
        var transitionsByKey = new Dictionary<string, Transition>(StringComparer.Ordinal);
        foreach (var draft in transitions)
        {
            var from = stepsByKey[draft.FromStepKey!];
            var to = stepsByKey[draft.ToStepKey!];
            var name = draft.Name?.Trim() ?? "";
            if (draft.TransitionId is { } id)
            {
                var transition = existingTransitions[id];
                transition.Apply(from, to, name, draft.Design);
                transitionsByKey[draft.Key] = transition;
            }
            else
            {
                transitionsByKey[draft.Key] = new Transition(this, from, to, name, draft.Design);
            }
        }

        _transitions.Clear();
        _transitions.AddRange(transitionsByKey.Values);
        _steps.Clear();
        _steps.AddRange(stepsByKey.Values);
        Touch(now);
        return new GraphKeys(stepsByKey, transitionsByKey);
    }

    /// <summary>Every problem that would stop this workflow from being deployed or initialized now.</summary>
    public IReadOnlyList<ValidationIssue> Validate(IReadOnlyDictionary<int, string> roleNames)
    {
        var (steps, transitions) = CurrentGraph();
        var issues = GraphValidator.CheckAll(steps, transitions, roleNames);
        issues.InsertRange(0, CheckDetails(ToDetails()));
        return issues;
    }

    public void Deploy(IReadOnlyDictionary<int, string> roleNames, DateTimeOffset now)
    {
        RequireStatus("deployed", WorkflowStatus.Draft);
        Guard.ThrowIfAny(Validate(roleNames));
        Status = WorkflowStatus.Deployed;
        Touch(now);
    }

    /// <summary>Puts the workflow to work: writes the next immutable version, makes it the active one and starts taking tickets.</summary>
    public WorkflowVersion Initialize(IReadOnlyDictionary<int, string> roleNames, int initializedBy, DateTimeOffset now)
    {
        RequireStatus("initialized", WorkflowStatus.Deployed);
        Guard.ThrowIfAny(Validate(roleNames));

        LatestVersionNumber++;
        var version = new WorkflowVersion(this, LatestVersionNumber, WorkflowDefinition.Of(this, roleNames, initializedBy, now), initializedBy, now);
        ActiveVersion = version;
        Status = WorkflowStatus.Initialized;
        ActiveMatchKey = MatchKeyOf(Department, Category, SubCategory);
        Touch(now);
        return version;
    }

    public void Pause(DateTimeOffset now)
    {
        RequireStatus("paused", WorkflowStatus.Initialized);
        Status = WorkflowStatus.Paused;
        ActiveMatchKey = null;
        Touch(now);
    }

    /// <summary>Takes tickets again on the same active version; the graph cannot have changed while paused.</summary>
    public void Resume(DateTimeOffset now)
    {
        RequireStatus("resumed", WorkflowStatus.Paused);
        Status = WorkflowStatus.Initialized;
        ActiveMatchKey = MatchKeyOf(Department, Category, SubCategory);
        Touch(now);
    }

    /// <summary>Returns the workflow to draft so it can be changed; tasks already running keep their version.</summary>
    public void Edit(DateTimeOffset now)
    {
        RequireStatus("returned to draft", WorkflowStatus.Deployed, WorkflowStatus.Paused);
        Status = WorkflowStatus.Draft;
        Touch(now);
    }

    public void Archive(DateTimeOffset now)
    {
        if (Status == WorkflowStatus.Initialized)
        {
            throw Refused("it cannot be archived while it takes tickets", "Pause it first.");
        }

        RequireStatus("archived", WorkflowStatus.Draft, WorkflowStatus.Deployed, WorkflowStatus.Paused);
        Status = WorkflowStatus.Archived;
        ActiveMatchKey = null;
        Touch(now);
    }

    /// <summary>A new draft with the same details and graph, and no versions.</summary>
    public Workflow Clone(string name, IReadOnlyDictionary<int, string> roleNames, int createdBy, DateTimeOffset now)
    {
        var copy = new Workflow(ToDetails() with { Name = name }, createdBy, now);
        var (steps, transitions) = CurrentGraph();
        copy.ReplaceGraph(
            steps.Select(s => s with { StepId = null }).ToList(),
            transitions.Select(t => t with { TransitionId = null }).ToList(),
            roleNames,
            requireComplete: false,
            now);
        return copy;
    }

    /// <summary>A workflow that ever had a version may have tasks bound to it: it is archived, never deleted.</summary>
    public void EnsureDeletable()
    {
        if (Status == WorkflowStatus.Initialized)
        {
            throw Refused("it cannot be deleted while it takes tickets", "Pause and archive it instead.");
        }

        if (LatestVersionNumber > 0)
        {
            throw Refused($"it has {LatestVersionNumber} version(s) that tasks may be bound to, so it cannot be deleted", "Archive it instead.");
        }
    }

    public WorkflowDetails ToDetails() =>
        new(Name, Description, Department, Category, SubCategory, LowSla, MediumSla, HighSla, UrgentSla, EndLogic, EscalateOnBreach);

    /// <summary>The graph as drafts keyed by step and transition id (or position, for elements not yet saved).</summary>
    public (List<StepDraft> Steps, List<TransitionDraft> Transitions) CurrentGraph()
    {
        var keys = new Dictionary<Step, string>(ReferenceEqualityComparer.Instance);
        var steps = new List<StepDraft>();
        for (var i = 0; i < _steps.Count; i++)
        {
            var key = KeyOf(_steps[i].Id, i);
            keys[_steps[i]] = key;
            steps.Add(_steps[i].ToDraft(key, keepId: _steps[i].Id != 0));
        }

        var transitions = _transitions
            .Select((t, i) => new TransitionDraft(KeyOf(t.Id, i), t.Id == 0 ? null : t.Id, keys[t.FromStep], keys[t.ToStep], t.Name, t.Design))
            .ToList();
        return (steps, transitions);
    }

    public static IReadOnlyList<ValidationIssue> CheckDetails(WorkflowDetails details)
    {
        var issues = new List<ValidationIssue>();
        Guard.Text(details.Name, "Name", NameMaxLength, required: true, m => ValidationIssue.Field("name", m), issues);
        Guard.Text(details.Description, "Description", DescriptionMaxLength, required: false, m => ValidationIssue.Field("description", m), issues);
        Guard.Text(details.Department, "Department", MatchFieldMaxLength, required: true, m => ValidationIssue.Field("department", m), issues);
        Guard.Text(details.Category, "Category", MatchFieldMaxLength, required: true, m => ValidationIssue.Field("category", m), issues);
        Guard.Text(details.SubCategory, "Sub-category", MatchFieldMaxLength, required: false, m => ValidationIssue.Field("sub_category", m), issues);
        if (!Enum.IsDefined(details.EndLogic))
        {
            issues.Add(ValidationIssue.Field("end_logic", "End logic is not one of '', 'asset', 'budget', 'notification'."));
        }

        issues.AddRange(CheckSlas(details));
        return issues;
    }

    /// <summary>Each SLA is positive when set, and <c>urgent &lt; high &lt; medium &lt; low</c> among those set.</summary>
    public static IEnumerable<ValidationIssue> CheckSlas(WorkflowDetails details)
    {
        (string Field, TimeSpan? Value)[] ordered =
        [
            ("urgent_sla", details.UrgentSla),
            ("high_sla", details.HighSla),
            ("medium_sla", details.MediumSla),
            ("low_sla", details.LowSla),
        ];

        foreach (var (field, value) in ordered)
        {
            if (value is { } sla && sla <= TimeSpan.Zero)
            {
                yield return ValidationIssue.Field(field, $"{field} must be longer than zero.");
            }
        }

        var set = ordered.Where(o => o.Value > TimeSpan.Zero).ToList();
        for (var i = 0; i + 1 < set.Count; i++)
        {
            if (set[i].Value >= set[i + 1].Value)
            {
                yield return ValidationIssue.Field(
                    set[i].Field,
                    $"{set[i].Field} ({SlaDuration.Format(set[i].Value!.Value)}) should be < {set[i + 1].Field} ({SlaDuration.Format(set[i + 1].Value!.Value)}).");
            }
        }
    }

    private static string KeyOf(int id, int index) => id != 0 ? id.ToString(CultureInfo.InvariantCulture) : "#" + index.ToString(CultureInfo.InvariantCulture);

    private IEnumerable<ValidationIssue> ForeignIds(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions)
    {
        var stepIds = _steps.Where(s => s.Id != 0).Select(s => s.Id).ToHashSet();
        foreach (var step in steps.Where(s => s.StepId is { } id && !stepIds.Contains(id)))
        {
            yield return ValidationIssue.ForStep(step.Key, $"Step {step.StepId} is not a step of this workflow.");
        }

        var transitionIds = _transitions.Where(t => t.Id != 0).Select(t => t.Id).ToHashSet();
        foreach (var transition in transitions.Where(t => t.TransitionId is { } id && !transitionIds.Contains(id)))
        {
            yield return ValidationIssue.ForTransition(transition.Key, $"Transition {transition.TransitionId} is not a transition of this workflow.");
        }

        foreach (var duplicate in steps.Where(s => s.StepId is not null).GroupBy(s => s.StepId).Where(g => g.Count() > 1))
        {
            yield return ValidationIssue.ForStep(duplicate.Last().Key, $"Step {duplicate.Key} appears more than once.");
        }

        foreach (var duplicate in transitions.Where(t => t.TransitionId is not null).GroupBy(t => t.TransitionId).Where(g => g.Count() > 1))
        {
            yield return ValidationIssue.ForTransition(duplicate.Last().Key, $"Transition {duplicate.Key} appears more than once.");
        }
    }

    private void ApplyDetails(WorkflowDetails details, DateTimeOffset now)
    {
        Guard.ThrowIfAny(CheckDetails(details));
        Name = details.Name!.Trim();
        Description = details.Description?.Trim() ?? "";
        Department = details.Department!.Trim();
        Category = details.Category!.Trim();
        SubCategory = details.SubCategory?.Trim() ?? "";
        LowSla = details.LowSla;
        MediumSla = details.MediumSla;
        HighSla = details.HighSla;
        UrgentSla = details.UrgentSla;
        EndLogic = details.EndLogic;
        EscalateOnBreach = details.EscalateOnBreach;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }

    private void RequireStatus(string becoming, params WorkflowStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            var from = string.Join(" or ", allowed.Select(s => s.ToString().ToLowerInvariant()));
            throw Refused($"it cannot be {becoming}", $"Only a {from} workflow can be.");
        }
    }

    private DomainConflictException Refused(string what, string hint) =>
        new($"Workflow '{Name}' is {Status.ToString().ToLowerInvariant()}: {what}. {hint}");
}
