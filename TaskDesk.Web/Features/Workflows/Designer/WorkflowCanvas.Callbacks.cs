using Microsoft.JSInterop;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows.Designer;

// What the JavaScript canvas reports, turned into the component's callbacks; each only asks, the page decides.
public partial class WorkflowCanvas
{
    [JSInvokable]
    public Task NodeMoved(string cellId, double x, double y) =>
        CanvasSelection.FromCellId(cellId) is { Item: CanvasItem.Step } step
            ? OnStepMoved.InvokeAsync((step.Key, new StepDesign(x, y)))
            : Task.CompletedTask;

    [JSInvokable]
    public Task AddRequested(double x, double y) => OnAddStep.InvokeAsync(new StepDesign(x, y));

    [JSInvokable]
    public Task EdgeConnected(string sourceCellId, string targetCellId, string? sourcePort, string? targetPort) =>
        (CanvasSelection.FromCellId(sourceCellId), CanvasSelection.FromCellId(targetCellId)) is ({ Item: CanvasItem.Step } from, { Item: CanvasItem.Step } to)
            ? OnConnect.InvokeAsync((from.Key, to.Key, new EdgeDesign(sourcePort, targetPort).Write()))
            : Task.CompletedTask;

    [JSInvokable]
    public Task EdgeLabelEdited(string cellId, string? text) =>
        CanvasSelection.FromCellId(cellId) is { Item: CanvasItem.Transition } transition
            ? OnTransitionRenamed.InvokeAsync((transition.Key, text?.Trim() ?? ""))
            : Task.CompletedTask;

    [JSInvokable]
    public Task SelectionChanged(string? cellId, string? kind)
    {
        _drawnSelection = cellId;
        return OnSelectionChanged.InvokeAsync(CanvasSelection.FromCellId(cellId));
    }

    [JSInvokable]
    public Task DeleteRequested(string cellId, string kind) =>
        CanvasSelection.FromCellId(cellId) is { } selection ? OnDelete.InvokeAsync(selection) : Task.CompletedTask;

    [JSInvokable]
    public Task UndoRequested() => OnUndo.InvokeAsync();

    [JSInvokable]
    public Task RedoRequested() => OnRedo.InvokeAsync();
}
