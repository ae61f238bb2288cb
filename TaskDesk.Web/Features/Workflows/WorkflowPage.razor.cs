using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Logging;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Features.Workflows.Designer;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Workflows;

public partial class WorkflowPage
{
    private WorkflowView? _view;
    private WorkingGraph? _graph;
    private IReadOnlyDictionary<int, string> _roleNames = new Dictionary<int, string>();
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
    private RoleService Roles { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ILogger<WorkflowPage> Logger { get; set; } = null!;

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

    private bool HasUnsavedGraph => _graph is { IsChanged: true };

    /// <summary>Leaving the page drops the designer's unsaved edits: ask first (the browser asks itself for a reload or another site).</summary>
    private async Task ConfirmLeavingAsync(LocationChangingContext context)
    {
        if (!HasUnsavedGraph)
        {
            return;
        }

        var leave = await Dialogs.ShowMessageBoxAsync(
            "Unsaved changes", "The graph has unsaved changes. Leave this page and drop them?", yesText: "Leave", cancelText: "Stay");
        if (leave != true)
        {
            context.PreventNavigation();
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
            _roleNames = (await Roles.ListAsync(actor)).ToDictionary(r => r.Id, r => r.Name);
            ShowGraph(await Workflows.GetAsync(actor, Id));
            _versions = await Workflows.ListVersionsAsync(actor, Id);
            if (_versions.Count > 0)
            {
                _userNames = (await Users.ListAsync(actor)).ToDictionary(u => u.Id, u => u.DisplayName);
            }
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _view = null;
            _graph = null;
            _loadError = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a dead circuit: the page says so and a reload tries again.
            Logger.LogError(e, "Workflow {WorkflowId} could not be loaded", Id);
            _view = null;
            _graph = null;
            _loadError = $"The workflow could not be loaded just now: {e.Message} Reload the page to try again.";
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
        }
        catch (DomainValidationException refused)
        {
            _detailIssues = refused.Issues;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _saveError = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The form keeps what was typed while its starting values stay the same: show why, and let them save again.
            Logger.LogError(e, "The details of workflow {WorkflowId} could not be saved", Id);
            _saveError = $"The details were not saved: {ShortReason(e)}. Your changes are kept; try again.";
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

    /// <summary>The innermost message's first line, for a person: a driver's full text can run to many lines.</summary>
    private static string ShortReason(Exception e)
    {
        var message = e.GetBaseException().Message.Split('\n', 2)[0].Trim().TrimEnd('.');
        return message.Length <= 200 ? message : message[..200] + "…";
    }

    private string UserName(int userId) => _userNames.TryGetValue(userId, out var name) ? name : $"user {userId}";

    private static string LockedHint(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Initialized => "Pause it, then choose Edit to return it to draft.",
        WorkflowStatus.Paused => "Choose Edit to return it to draft.",
        _ => "Clone it to start a new draft from it.",
    };
}
