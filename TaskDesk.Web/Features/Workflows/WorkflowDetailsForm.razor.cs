using Microsoft.AspNetCore.Components;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows;

public partial class WorkflowDetailsForm
{
    // Field keys are the targets the domain reports issues against, so client and server problems land in the same place.
    private const string NameField = "name";
    private const string DescriptionField = "description";
    private const string DepartmentField = "department";
    private const string CategoryField = "category";
    private const string SubCategoryField = "sub_category";
    private const string LowSlaField = "low_sla";
    private const string MediumSlaField = "medium_sla";
    private const string HighSlaField = "high_sla";
    private const string UrgentSlaField = "urgent_sla";
    private const string EndLogicField = "end_logic";

    private static readonly string[] TextFields =
        [NameField, DescriptionField, DepartmentField, CategoryField, SubCategoryField, LowSlaField, MediumSlaField, HighSlaField, UrgentSlaField];

    private static readonly Dictionary<string, string> SlaLabels = new()
    {
        [LowSlaField] = "Low SLA",
        [MediumSlaField] = "Medium SLA",
        [HighSlaField] = "High SLA",
        [UrgentSlaField] = "Urgent SLA",
    };

    private readonly Dictionary<string, string> _text = TextFields.ToDictionary(f => f, _ => "");
    private readonly HashSet<string> _touched = [];
    private readonly HashSet<string> _editedSinceServerIssues = [];
    private EndLogic _endLogic;
    private bool _escalateOnBreach;
    private List<ValidationIssue> _problems = [];
    private WorkflowDetails? _parsed;
    private WorkflowDetails? _loadedFrom;
    private bool _loaded;
    private bool _wasReadOnly;
    private IReadOnlyList<ValidationIssue>? _serverIssuesSeen;
    private bool _saving;

    /// <summary>The values to start from; the form reloads only when these change, so typed input survives other re-renders.</summary>
    [Parameter]
    public WorkflowDetails? Details { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public EventCallback<WorkflowDetails> OnSave { get; set; }

    /// <summary>Problems the server found with the last save, shown under the field each one names until that field is edited.</summary>
    [Parameter]
    public IReadOnlyList<ValidationIssue>? ServerIssues { get; set; }

    [Parameter]
    public string SaveText { get; set; } = "Save details";

    private bool CanSave => !ReadOnly && !_saving && _problems.Count == 0 && _parsed is not null;

    private List<ValidationIssue> UnplacedServerIssues =>
        (ServerIssues ?? []).Where(i => i.Subject != IssueSubject.Field || (!_text.ContainsKey(i.Target) && i.Target != EndLogicField)).ToList();

    protected override void OnParametersSet()
    {
        // A read-only form always shows what is stored; an editable one keeps what was typed until its starting values change.
        if (!_loaded || !Equals(Details, _loadedFrom) || (ReadOnly && !_wasReadOnly))
        {
            Load(Details);
        }

        _wasReadOnly = ReadOnly;
        if (!ReferenceEquals(ServerIssues, _serverIssuesSeen))
        {
            _serverIssuesSeen = ServerIssues;
            _editedSinceServerIssues.Clear();
        }
    }

    private void Load(WorkflowDetails? details)
    {
        _loaded = true;
        _loadedFrom = details;
        _text[NameField] = details?.Name ?? "";
        _text[DescriptionField] = details?.Description ?? "";
        _text[DepartmentField] = details?.Department ?? "";
        _text[CategoryField] = details?.Category ?? "";
        _text[SubCategoryField] = details?.SubCategory ?? "";
        _text[LowSlaField] = details?.LowSla is { } low ? SlaDuration.Format(low) : "";
        _text[MediumSlaField] = details?.MediumSla is { } medium ? SlaDuration.Format(medium) : "";
        _text[HighSlaField] = details?.HighSla is { } high ? SlaDuration.Format(high) : "";
        _text[UrgentSlaField] = details?.UrgentSla is { } urgent ? SlaDuration.Format(urgent) : "";
        _endLogic = details?.EndLogic ?? EndLogic.None;
        _escalateOnBreach = details?.EscalateOnBreach ?? false;
        _touched.Clear();
        Check();
    }

    private void TextChanged(string key, string? value)
    {
        _text[key] = value ?? "";
        _editedSinceServerIssues.Add(key);
        Touch(key);
    }

    private void EndLogicChanged(EndLogic value)
    {
        _endLogic = value;
        _editedSinceServerIssues.Add(EndLogicField);
        Touch(EndLogicField);
    }

    private void EscalateOnBreachChanged(bool value)
    {
        _escalateOnBreach = value;
        Check();
    }

    private void Touch(string key)
    {
        _touched.Add(key);
        Check();
    }

    /// <summary>Parses what was typed and runs the domain's detail rules over it; the SLA order rule lives in <see cref="Workflow.CheckSlas"/> only.</summary>
    private void Check()
    {
        var problems = new List<ValidationIssue>();
        var details = new WorkflowDetails(
            _text[NameField], _text[DescriptionField], _text[DepartmentField], _text[CategoryField], _text[SubCategoryField],
            Sla(LowSlaField, problems), Sla(MediumSlaField, problems), Sla(HighSlaField, problems), Sla(UrgentSlaField, problems),
            _endLogic, _escalateOnBreach);
        problems.AddRange(Workflow.CheckDetails(details));
        _problems = problems;
        _parsed = details;
    }

    /// <summary>
    /// The form asks for all three parts: <see cref="SlaDuration"/> also reads "72:00", but a person typing that may mean
    /// 72 minutes as well as 72 hours, so the form refuses to guess.
    /// </summary>
    private TimeSpan? Sla(string key, List<ValidationIssue> problems)
    {
        var text = _text[key].Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Count(c => c == ':') == 2 && SlaDuration.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add(ValidationIssue.Field(key, $"{SlaLabels[key]} '{text}' is not a duration; write hours:minutes:seconds, e.g. 72:00:00."));
        return null;
    }

    /// <summary>A field's own problems once it was touched or holds something; otherwise what the server said about it, until edited.</summary>
    private string? ErrorFor(string key)
    {
        if (!ReadOnly && (_touched.Contains(key) || (_text.TryGetValue(key, out var text) && text.Length > 0)))
        {
            var own = _problems.Where(p => p.Target == key).Select(p => p.Message).ToList();
            if (own.Count > 0)
            {
                return string.Join(" ", own);
            }
        }

        if (_editedSinceServerIssues.Contains(key))
        {
            return null;
        }

        var server = (ServerIssues ?? []).Where(i => i.Subject == IssueSubject.Field && i.Target == key).Select(i => i.Message).ToList();
        return server.Count > 0 ? string.Join(" ", server) : null;
    }

    private async Task SaveAsync()
    {
        if (!CanSave)
        {
            return;
        }

        _saving = true;
        try
        {
            await OnSave.InvokeAsync(_parsed!);
        }
        finally
        {
            _saving = false;
        }
    }
}
