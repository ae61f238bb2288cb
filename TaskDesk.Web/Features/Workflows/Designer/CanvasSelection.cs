namespace TaskDesk.Web.Features.Workflows.Designer;

public enum CanvasItem
{
    Step,
    Transition,
}

/// <summary>A step or transition of the working graph, by its key.</summary>
public sealed record CanvasSelection(CanvasItem Item, string Key)
{
    private const string StepPrefix = "step:";
    private const string TransitionPrefix = "transition:";

    /// <summary>The id of its cell on the canvas; steps and transitions are numbered apart, so the kind is part of the id.</summary>
    public string CellId => (Item == CanvasItem.Step ? StepPrefix : TransitionPrefix) + Key;

    public static CanvasSelection? FromCellId(string? cellId) =>
        cellId switch
        {
            null => null,
            _ when cellId.StartsWith(StepPrefix, StringComparison.Ordinal) => new(CanvasItem.Step, cellId[StepPrefix.Length..]),
            _ when cellId.StartsWith(TransitionPrefix, StringComparison.Ordinal) => new(CanvasItem.Transition, cellId[TransitionPrefix.Length..]),
            _ => null,
        };

    public static string StepCell(string key) => StepPrefix + key;
}
