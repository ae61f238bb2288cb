using Microsoft.Extensions.Logging;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Workflows.Designer;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Workflows;

// The designer's working graph: the canvas and the side panel edit drafts here; Save hands them to the service.
public partial class WorkflowPage
{
    private CanvasSelection? _selected;
    private bool _saving;
    private string? _graphError;
    private IReadOnlyList<ValidationIssue> _graphIssues = [];

    private bool CanEditGraph => _view is { IsGraphEditable: true } && _graph is not null;

    private StepDraft? SelectedStep => _selected is { Item: CanvasItem.Step } s ? _graph?.Step(s.Key) : null;

    private TransitionDraft? SelectedTransition => _selected is { Item: CanvasItem.Transition } t ? _graph?.Transition(t.Key) : null;

    private void ShowGraph(WorkflowView view)
    {
        _view = view;
        _graph = WorkingGraph.From(view);
        _graphError = null;
        _graphIssues = [];
        if (_selected is { } selected && (selected.Item == CanvasItem.Step ? _graph.Step(selected.Key) : (object?)_graph.Transition(selected.Key)) is null)
        {
            _selected = null;
        }
    }

    private void AddStep(StepDesign at)
    {
        if (CanEditGraph)
        {
            _selected = new CanvasSelection(CanvasItem.Step, _graph!.AddStep(at.X, at.Y).Key);
        }
    }

    private void MoveStep((string Key, StepDesign Design) moved)
    {
        if (CanEditGraph)
        {
            _graph!.MoveStep(moved.Key, moved.Design.X, moved.Design.Y);
        }
    }

    private void ApplyLayout(IReadOnlyList<(string Key, double X, double Y)> positions)
    {
        if (CanEditGraph && positions.Count > 0)
        {
            _graph!.MoveSteps(positions);
        }
    }

    private void Connect((string From, string To, string Design) drawn)
    {
        if (CanEditGraph && _graph!.Connect(drawn.From, drawn.To, drawn.Design) is { } transition)
        {
            _selected = new CanvasSelection(CanvasItem.Transition, transition.Key);
        }
    }

    private void RenameTransition((string Key, string Name) renamed)
    {
        if (CanEditGraph && _graph!.Transition(renamed.Key) is { } transition)
        {
            _graph.ReplaceTransition(transition with { Name = renamed.Name });
        }
    }

    private void ChangeStep(StepDraft step)
    {
        if (CanEditGraph)
        {
            _graph!.ReplaceStep(step);
        }
    }

    private void ChangeTransition(TransitionDraft transition)
    {
        if (CanEditGraph)
        {
            _graph!.ReplaceTransition(transition);
        }
    }

    private void Select(CanvasSelection? selection) => _selected = selection;

    private void Delete(CanvasSelection selection)
    {
        if (!CanEditGraph)
        {
            return;
        }

        var removed = selection.Item == CanvasItem.Step ? _graph!.RemoveStep(selection.Key).Count > 0 : _graph!.RemoveTransition(selection.Key);
        if (removed && _selected == selection)
        {
            _selected = null;
        }
    }

    private void Undo()
    {
        if (CanEditGraph)
        {
            _graph!.Undo();
        }
    }

    private void Redo()
    {
        if (CanEditGraph)
        {
            _graph!.Redo();
        }
    }

    private async Task SaveGraphAsync()
    {
        if (!CanEditGraph)
        {
            return;
        }

        _saving = true;
        _graphError = null;
        _graphIssues = [];
        try
        {
            var actor = await ActorAsync();
            // A draft is saved as it is, unfinished or not; deploy and initialize are where completeness is demanded.
            var saved = await Workflows.UpdateGraphAsync(actor, Id, _graph!.Steps, _graph.Transitions, requireComplete: false, expectedRevision: _view!.Revision);
            _selected = _selected is { } s && (s.Item == CanvasItem.Step ? saved.StepIds : saved.TransitionIds).TryGetValue(s.Key, out var newId)
                ? s with { Key = WorkingGraph.Key(newId) }
                : _selected;
            ShowGraph(saved.Workflow);
            Snackbar.Add("Graph saved.", Severity.Success);
        }
        catch (DomainValidationException refused)
        {
            _graphError = "The graph was not saved:";
            _graphIssues = refused.Issues;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _graphError = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure that is no refusal (the database away a moment) would end the circuit, and the drawing with it.
            Logger.LogError(e, "The graph of workflow {WorkflowId} could not be saved", Id);
            _graphError = $"The graph was not saved: {ShortReason(e)}. Your changes are kept; try again.";
        }
        finally
        {
            _saving = false;
        }
    }
}
