using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Workflows;

public partial class WorkflowPage
{
    private WorkflowView? _view;
    private IReadOnlyList<ValidationIssue>? _problems;
    private IReadOnlyList<VersionSummary>? _versions;
    private IReadOnlyDictionary<int, string> _userNames = new Dictionary<int, string>();
    private IReadOnlyList<ValidationIssue>? _detailIssues;
    private int? _loadedId;
    private bool _loading;
    private string? _loadError;
    private string? _saveError;

    [Inject]
    private WorkflowService Workflows { get; set; } = null!;

    [Inject]
    private UserService Users { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    [Parameter]
    public int Id { get; set; }

    private List<BreadcrumbItem> Breadcrumbs =>
        [new("Workflows", "workflows"), new(_view?.Details.Name ?? $"Workflow {Id}", null, disabled: true)];

    protected override async Task OnParametersSetAsync()
    {
        // A clone opens on this same component with another id: load whenever the id changes, not on every re-render.
        if (_loadedId != Id)
        {
            _loadedId = Id;
            await LoadAsync();
        }
    }

    private async Task<Actor> ActorAsync() => Actor.From((await AuthenticationState).User);

    private async Task LoadAsync()
    {
        _loading = true;
        _loadError = null;
        _saveError = null;
        _detailIssues = null;
        try
        {
            var actor = await ActorAsync();
            _view = await Workflows.GetAsync(actor, Id);
            _problems = await Workflows.ValidateAsync(actor, Id);
            _versions = await Workflows.ListVersionsAsync(actor, Id);
            if (_versions.Count > 0)
            {
                _userNames = (await Users.ListAsync(actor)).ToDictionary(u => u.Id, u => u.DisplayName);
            }
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _view = null;
            _loadError = e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task SaveDetailsAsync(WorkflowDetails details)
    {
        if (_view is null)
        {
            return;
        }

        _saveError = null;
        try
        {
            var actor = await ActorAsync();
            _view = await Workflows.UpdateDetailsAsync(actor, Id, details, expectedRevision: _view.Revision);
            _detailIssues = null;
            Snackbar.Add("Details saved.", Severity.Success);
            _problems = await Workflows.ValidateAsync(actor, Id);
        }
        catch (DomainValidationException refused)
        {
            _detailIssues = refused.Issues;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _saveError = e.Message;
        }
    }

    private async Task LifecycleChangedAsync(WorkflowLifecycleActions.Change change)
    {
        switch (change.Action)
        {
            case WorkflowLifecycleActions.LifecycleAction.Clone when change.Workflow is { } copy:
                Navigation.NavigateTo($"workflows/{copy.Id}");
                break;
            case WorkflowLifecycleActions.LifecycleAction.Delete:
                Navigation.NavigateTo("workflows");
                break;
            default:
                await LoadAsync();
                break;
        }
    }

    /// <summary>What an issue is about, by the name a person knows it by rather than the key the validator used.</summary>
    private string Concerns(ValidationIssue issue) => issue.Subject switch
    {
        IssueSubject.Field => "Details",
        IssueSubject.Step => $"Step {StepLabel(issue.Target)}",
        IssueSubject.Transition => $"Transition {TransitionLabel(issue.Target)}",
        _ => "Workflow",
    };

    private string StepLabel(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _view?.Steps.FirstOrDefault(s => s.Id == id) is { } step
            ? $"'{step.Name}'"
            : key;

    private string TransitionLabel(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _view?.Transitions.FirstOrDefault(t => t.Id == id) is { } transition
            ? string.IsNullOrWhiteSpace(transition.Name) ? $"{StepName(transition.FromStepId)} → {StepName(transition.ToStepId)}" : $"'{transition.Name}'"
            : key;

    private string StepName(int stepId) => _view?.Steps.FirstOrDefault(s => s.Id == stepId)?.Name ?? $"step {stepId}";

    private string UserName(int userId) => _userNames.TryGetValue(userId, out var name) ? name : $"user {userId}";

    private static string LockedHint(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Initialized => "Pause it, then choose Edit to return it to draft.",
        WorkflowStatus.Paused => "Choose Edit to return it to draft.",
        _ => "Clone it to start a new draft from it.",
    };
}
