using Microsoft.AspNetCore.Components;
using MudBlazor;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks.Page;

// The task's actions: each asks for its note or reason, calls the service, says what happened, and reloads the task,
// so a refusal (someone else moved it first) is shown beside the task as it now is.
public partial class TaskPage
{
    [Inject]
    private TaskService Tasks { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private Task StartAsync() => ActAsync((actor, tasks) => tasks.StartAsync(actor, TaskId), "Started.");

    private async Task TransitionAsync(DefinitionEdge transition)
    {
        if (await AskAsync(transition.Name, "Notes", required: false, transition.Name, TaskItem.NotesMaxLength) is { } notes)
        {
            await ActAsync((actor, tasks) => tasks.TransitionAsync(actor, TaskId, transition.TransitionId, notes), $"{transition.Name}: done.", notes);
        }
    }

    private async Task HoldAsync()
    {
        if (await AskAsync("Put the task on hold", "Reason", required: true, "Hold", WorkTask.ReasonMaxLength) is { } reason)
        {
            await ActAsync((actor, tasks) => tasks.HoldAsync(actor, TaskId, reason), "On hold; its SLA clock is stopped.", reason);
        }
    }

    private async Task ResumeAsync()
    {
        if (await AskAsync("Resume the task", "Note", required: false, "Resume", TaskItem.NotesMaxLength) is { } note)
        {
            await ActAsync((actor, tasks) => tasks.ResumeAsync(actor, TaskId, note), "Resumed.", note);
        }
    }

    private async Task CancelAsync()
    {
        if (await AskAsync("Cancel the task", "Reason", required: true, "Cancel task", WorkTask.ReasonMaxLength) is { } reason)
        {
            await ActAsync((actor, tasks) => tasks.CancelAsync(actor, TaskId, reason), "Cancelled.", reason);
        }
    }

    private async Task EscalateAsync(TaskItemView item)
    {
        if (await AskAsync($"Escalate {item.StepName}", "Reason", required: true, "Escalate", WorkTask.ReasonMaxLength) is { } reason)
        {
            await ActAsync((actor, tasks) => tasks.EscalateAsync(actor, item.TaskItemId, reason), "Escalated.", reason);
        }
    }

    private async Task TransferAsync(TaskItemView item)
    {
        var parameters = new DialogParameters<TransferDialog>
        {
            { d => d.RoleName, item.RoleName },
            { d => d.RoleId, item.RoleId },
            { d => d.CurrentUserId, item.UserId },
            { d => d.Count, 1 },
        };
        var dialog = await Dialogs.ShowAsync<TransferDialog>($"Transfer {item.StepName}", parameters);
        if (await dialog.Result is { Canceled: false, Data: TransferChoice choice })
        {
            await ActAsync((actor, tasks) => tasks.TransferAsync(actor, item.TaskItemId, choice.UserId, choice.Notes), "Transferred.", choice.Notes);
        }
    }

    /// <summary>The note or reason typed in the dialog; null when it was closed without confirming.</summary>
    private async Task<string?> AskAsync(string title, string label, bool required, string confirm, int maxLength)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Label, label },
            { d => d.Required, required },
            { d => d.ConfirmText, confirm },
            { d => d.MaxLength, maxLength },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        return await dialog.Result is { Canceled: false, Data: string text } ? text : null;
    }

    /// <summary>Runs an action; <paramref name="typed"/>, the note or reason it was given, is shown again if it is refused.</summary>
    private async Task ActAsync(Func<Actor, TaskService, Task> action, string? done, string? typed = null)
    {
        _busy = true;
        (_refusal, _unsent) = (null, null);

        // Drawn now: after a dialog the handler has already yielded once, so Blazor would not draw again until the
        // action is done, and the buttons would stay clickable (a second click, a second action) while it runs.
        StateHasChanged();
        try
        {
            await action(_actor!, Tasks);
            if (done is not null)
            {
                Snackbar.Add(done, Severity.Success);
            }
        }
        catch (Exception refused) when (Refusal.Is(refused))
        {
            (_refusal, _unsent) = (refused.Message, typed);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }
}
