using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tickets;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tickets;

/// <summary>
/// Raises a ticket through the same intake as the API, offering only the department / category / sub-category
/// combinations initialized workflows take, then follows its intake until a workflow matched it (or none did).
/// </summary>
public sealed partial class NewTicketPage : IDisposable
{
    /// <summary>How often, and how many times, the page looks whether intake has matched the ticket (about 20 s in all).</summary>
    public static readonly TimeSpan IntakeCheckEvery = TimeSpan.FromMilliseconds(500);

    public const int IntakeChecks = 40;

    private static readonly string[] FormFields = ["subject", "description", "department", "category", "sub_category"];

    private IReadOnlyList<(string Department, string Category, string SubCategory)> _offered = [];
    private bool _loaded;
    private bool _busy;
    private string _subject = "";
    private string _description = "";
    private string? _department;
    private string? _category;
    private string? _subCategory;
    private TicketPriority _priority = TicketPriority.Medium;
    private IReadOnlyList<ValidationIssue> _issues = [];
    private string? _error;
    private TicketReceived? _received;
    private IntakeOutcome? _intake;
    private bool _watching;
    private CancellationTokenSource? _watch;

    [Inject]
    private TicketService Tickets { get; set; } = null!;

    [Inject]
    private TaskDetails TaskDetails { get; set; } = null!;

    [Inject]
    private ILogger<NewTicketPage> Logger { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    private bool NothingOffered => _loaded && _offered.Count == 0;

    private bool CanSubmit => !_busy && !NothingOffered && !string.IsNullOrWhiteSpace(_subject) && _department is not null && _category is not null;

    private IEnumerable<string> Departments => _offered.Select(o => o.Department).Distinct();

    private IEnumerable<string> Categories => _offered.Where(o => o.Department == _department).Select(o => o.Category).Distinct();

    private IReadOnlyList<string> SubCategories =>
        _offered.Where(o => o.Department == _department && o.Category == _category && o.SubCategory.Length > 0).Select(o => o.SubCategory).Distinct().ToList();

    private string? SubCategoryHelp =>
        _category is null ? null
        : SubCategories.Count == 0 ? "None offered for this category"
        : _offered.Any(o => o.Department == _department && o.Category == _category && o.SubCategory.Length == 0) ? "Optional" : null;

    private string IntakeState => _intake switch
    {
        null => "received",
        { Matched: false } => "unmatched",
        _ => "matched",
    };

    private Severity IntakeSeverity => _intake switch
    {
        null => Severity.Normal,
        { Matched: false } => Severity.Warning,
        _ => Severity.Info,
    };

    public void Dispose() => StopWatching();

    protected override async Task OnInitializedAsync()
    {
        _offered = await Tickets.OfferedCategoriesAsync();
        _loaded = true;
    }

    private bool Has(string field) => _issues.Any(i => i.Target == field);

    private string? ErrorFor(string field) => _issues.FirstOrDefault(i => i.Target == field)?.Message;

    // A parent's new value empties what hangs below it: a category of another department is no choice at all.
    private void OnDepartmentChanged(string? department)
    {
        if (department != _department)
        {
            (_department, _category, _subCategory) = (department, null, null);
        }
    }

    private void OnCategoryChanged(string? category)
    {
        if (category != _category)
        {
            (_category, _subCategory) = (category, null);
        }
    }

    private async Task SubmitAsync()
    {
        _busy = true;
        _error = null;
        _issues = [];
        try
        {
            var actor = Actor.From((await AuthenticationState).User);
            var received = await Tickets.RaiseAsync(actor, new TicketContent(null, _subject, _description, _department, _category, _subCategory, _priority, null, null, null));
            (_received, _intake, _subject, _description) = (received, null, "", "");
            StartWatching(received.TicketNumber);
        }
        catch (DomainValidationException invalid)
        {
            // What the user typed stays; fields show their own problems, the rest (say, the profile's email) shows above.
            _issues = invalid.Issues;
            var elsewhere = invalid.Issues.Where(i => !FormFields.Contains(i.Target)).Select(i => i.Message).ToList();
            _error = elsewhere.Count > 0 ? string.Join(" ", elsewhere) : null;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored (a stored ticket counts as received even when its intake job cannot be queued), so sending it
            // again makes no second ticket; what was typed stays for that.
            Logger.LogError(e, "A ticket from the New ticket page could not be stored");
            _error = "The ticket could not be stored just now. What you typed is kept: submit it again in a moment.";
        }
        finally
        {
            _busy = false;
        }
    }

    private Task CheckAgainAsync()
    {
        StartWatching(_received!.TicketNumber);
        return Task.CompletedTask;
    }

    private void StartWatching(string ticketNumber)
    {
        StopWatching();
        _watch = new CancellationTokenSource();
        _watching = true;

        // Runs on this circuit's dispatcher, in the server: the browser waits for nothing and polls nothing.
        _ = WatchIntakeAsync(ticketNumber, _watch.Token);
    }

    private void StopWatching()
    {
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = null;
    }

    private async Task WatchIntakeAsync(string ticketNumber, CancellationToken ct)
    {
        try
        {
            for (var check = 0; check < IntakeChecks && _intake is null; check++)
            {
                if (check > 0)
                {
                    await Task.Delay(IntakeCheckEvery, ct);
                }

                _intake = await IntakeOutcomeAsync(ticketNumber, ct);
            }

            _watching = false;
            StateHasChanged();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Another submit started a new watch, or the page closed.
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            (_watching, _error) = (false, e.Message);
            StateHasChanged();
        }
        catch (Exception e)
        {
            // Nobody awaits this watch: hand a real failure to the renderer, as an event handler's would be, not to the void.
            await DispatchExceptionAsync(e);
        }
    }

    /// <summary>Where intake stands: null while no workflow has looked at the ticket yet.</summary>
    private async Task<IntakeOutcome?> IntakeOutcomeAsync(string ticketNumber, CancellationToken ct)
    {
        var view = await Tickets.GetAsync(ticketNumber, ct);
        var ticket = view.Ticket;
        return (ticket.Status, view.Task) switch
        {
            (TicketIntakeStatus.Unmatched, _) => new IntakeOutcome(false, ticket.Department, ticket.Category, null, "", "", false),
            (TicketIntakeStatus.Matched, { } task) =>
                new IntakeOutcome(true, ticket.Department, ticket.Category, task.TaskId, task.WorkflowName, task.CurrentStepName, await MayOpenAsync(task.TaskId, ct)),
            _ => null,
        };
    }

    /// <summary>The task page's own rule decides (assignee, coordinator, administrator), so the link never leads to a refusal.</summary>
    private async Task<bool> MayOpenAsync(int taskId, CancellationToken ct)
    {
        try
        {
            await TaskDetails.GetAsync(Actor.From((await AuthenticationState).User), taskId, ct);
            return true;
        }
        catch (AccessDeniedException)
        {
            return false;
        }
    }

    private sealed record IntakeOutcome(bool Matched, string Department, string Category, int? TaskId, string WorkflowName, string StepName, bool MayOpen);
}
