using Microsoft.JSInterop;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows.Designer;

// Keeps the canvas in step with the parameters: what was last sent is remembered, and only the difference is sent again.
public partial class WorkflowCanvas
{
    private async Task DrawAllAsync()
    {
        if (_designer is null)
        {
            return;
        }

        _drawnSteps.Clear();
        _drawnTransitions.Clear();
        foreach (var step in Steps)
        {
            _drawnSteps[step.Key] = StepModel(step);
        }

        foreach (var transition in Transitions)
        {
            _drawnTransitions[transition.Key] = TransitionModel(transition);
        }

        _drawnReadOnly = ReadOnly;
        await _designer.InvokeVoidAsync("load", new { steps = _drawnSteps.Values, transitions = _drawnTransitions.Values }, ReadOnly);
        if (Steps.Count > 0)
        {
            await _designer.InvokeVoidAsync("zoomToFit");
        }

        _drawnHighlight = null;
        await HighlightAsync();
        await SelectAsync();
    }

    private async Task SyncAsync()
    {
        if (_designer is null)
        {
            return;
        }

        if (_drawnReadOnly != ReadOnly)
        {
            _drawnReadOnly = ReadOnly;
            await _designer.InvokeVoidAsync("setReadOnly", ReadOnly);
        }

        await SyncCellsAsync(_drawnSteps, Steps.ToDictionary(s => s.Key, s => (object)StepModel(s)), "addNode", "updateNode", CanvasSelection.StepCell);
        await SyncCellsAsync(_drawnTransitions, Transitions.ToDictionary(t => t.Key, t => (object)TransitionModel(t)), "addEdge", "updateEdge", k => new CanvasSelection(CanvasItem.Transition, k).CellId);
        await HighlightAsync();
        await SelectAsync();
    }

    private async Task HighlightAsync()
    {
        var wanted = HighlightedCell;
        if (_designer is not null && wanted != _drawnHighlight)
        {
            _drawnHighlight = wanted;
            await _designer.InvokeVoidAsync("highlight", wanted);
        }
    }

    private async Task SyncCellsAsync(Dictionary<string, object> drawn, Dictionary<string, object> wanted, string add, string update, Func<string, string> cellId)
    {
        foreach (var key in drawn.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
        {
            drawn.Remove(key);
            await _designer!.InvokeVoidAsync("removeCell", cellId(key));
        }

        foreach (var (key, model) in wanted)
        {
            if (!drawn.TryGetValue(key, out var before))
            {
                await _designer!.InvokeVoidAsync(add, model);
            }
            else if (!Equals(before, model))
            {
                await _designer!.InvokeVoidAsync(update, model);
            }

            drawn[key] = model;
        }
    }

    private async Task SelectAsync()
    {
        var wanted = Selected?.CellId;
        if (_designer is not null && wanted != _drawnSelection)
        {
            _drawnSelection = wanted;
            await _designer.InvokeVoidAsync("select", wanted);
        }
    }

    private string? HighlightedCell => HighlightedStep is { } key ? CanvasSelection.StepCell(key) : null;

    private StepModelRecord StepModel(StepDraft step) => new(
        CanvasSelection.StepCell(step.Key), step.Name ?? "", step.RoleId is { } id && RoleNames.TryGetValue(id, out var role) ? role : "",
        step.Design.X, step.Design.Y, step.IsStart, step.IsEnd);

    private static TransitionModelRecord TransitionModel(TransitionDraft transition)
    {
        var ports = EdgeDesign.Read(transition.Design);
        return new(
            new CanvasSelection(CanvasItem.Transition, transition.Key).CellId,
            CanvasSelection.StepCell(transition.FromStepKey ?? ""), CanvasSelection.StepCell(transition.ToStepKey ?? ""),
            transition.Name ?? "", ports.SourcePort, ports.TargetPort);
    }

    private sealed record StepModelRecord(string Id, string Label, string Role, double X, double Y, bool IsStart, bool IsEnd);

    private sealed record TransitionModelRecord(string Id, string Source, string Target, string Label, string? SourcePort, string? TargetPort);

    private sealed record CanvasPosition(string Id, double X, double Y);
}
