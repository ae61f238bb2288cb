using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows.Designer;

/// <summary>
/// Wraps the JavaScript canvas. After each render it sends the canvas only what changed since it last drew
/// (steps, transitions, selection), so the page just edits its drafts and the canvas follows.
/// </summary>
public partial class WorkflowCanvas
{
    private readonly Dictionary<string, object> _drawnSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _drawnTransitions = new(StringComparer.Ordinal);
    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _designer;
    private DotNetObjectReference<WorkflowCanvas>? _self;
    private bool? _drawnReadOnly;
    private string? _drawnSelection;
    private string? _drawnHighlight;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Parameter, EditorRequired]
    public IReadOnlyList<StepDraft> Steps { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<TransitionDraft> Transitions { get; set; } = [];

    [Parameter]
    public IReadOnlyDictionary<int, string> RoleNames { get; set; } = new Dictionary<int, string>();

    [Parameter]
    public CanvasSelection? Selected { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>The key of a step to mark (a task's current step), drawn with a distinct border; null marks none.</summary>
    [Parameter]
    public string? HighlightedStep { get; set; }

    [Parameter]
    public bool CanUndo { get; set; }

    [Parameter]
    public bool CanRedo { get; set; }

    [Parameter]
    public int Height { get; set; } = 520;

    /// <summary>More buttons for the toolbar's right end (the page's Save).</summary>
    [Parameter]
    public RenderFragment? Actions { get; set; }

    [Parameter]
    public EventCallback<StepDesign> OnAddStep { get; set; }

    [Parameter]
    public EventCallback<(string Key, StepDesign Design)> OnStepMoved { get; set; }

    [Parameter]
    public EventCallback<IReadOnlyList<(string Key, double X, double Y)>> OnLayout { get; set; }

    /// <summary>A drag from one step to another: the two step keys and the design (ports) of the edge drawn.</summary>
    [Parameter]
    public EventCallback<(string From, string To, string Design)> OnConnect { get; set; }

    [Parameter]
    public EventCallback<(string Key, string Name)> OnTransitionRenamed { get; set; }

    [Parameter]
    public EventCallback<CanvasSelection?> OnSelectionChanged { get; set; }

    [Parameter]
    public EventCallback<CanvasSelection> OnDelete { get; set; }

    [Parameter]
    public EventCallback OnUndo { get; set; }

    [Parameter]
    public EventCallback OnRedo { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/designer/designer.js");
            _designer = await _module.InvokeAsync<IJSObjectReference>("create", _element, _self, ReadOnly);
            await DrawAllAsync();
            StateHasChanged();
            return;
        }

        await SyncAsync();
    }

    private async Task CommandAsync(string command)
    {
        if (_designer is not null)
        {
            await _designer.InvokeVoidAsync(command);
        }
    }

    private async Task AddFromPaletteAsync()
    {
        // New steps from the palette go to the right of the drawing, so they never cover a step.
        var x = Steps.Count == 0 ? 80 : Steps.Max(s => s.Design.X) + 220;
        var y = Steps.Count == 0 ? 80 : Steps.Min(s => s.Design.Y);
        await OnAddStep.InvokeAsync(new StepDesign(x, y));
    }

    private async Task AutoLayoutAsync()
    {
        if (_designer is null)
        {
            return;
        }

        var positions = await _designer.InvokeAsync<List<CanvasPosition>>("autoLayout");
        var moved = positions
            .Select(p => (Selection: CanvasSelection.FromCellId(p.Id), p.X, p.Y))
            .Where(p => p.Selection is { Item: CanvasItem.Step })
            .Select(p => (p.Selection!.Key, p.X, p.Y))
            .ToList();
        await OnLayout.InvokeAsync(moved);
        await CommandAsync("zoomToFit");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_designer is not null)
            {
                await _designer.InvokeVoidAsync("dispose");
                await _designer.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's canvas with it.
        }

        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
