// The workflow designer's canvas. It draws the graph C# gives it and reports what the user does;
// whether an edit is allowed, and what it means for the workflow, is decided in C#.
import { Graph, Selection, Snapline, Keyboard } from '@antv/x6';
import dagre from '@dagrejs/dagre';

const NODE_WIDTH = 130;
const NODE_HEIGHT = 50;

const portGroup = (position) => ({
  position,
  attrs: { circle: { r: 5, magnet: true, stroke: '#5f95ff', strokeWidth: 1, fill: '#fff' } },
});

const ports = {
  groups: { top: portGroup('top'), right: portGroup('right'), bottom: portGroup('bottom'), left: portGroup('left') },
  items: [{ id: 'top', group: 'top' }, { id: 'right', group: 'right' }, { id: 'bottom', group: 'bottom' }, { id: 'left', group: 'left' }],
};

function nodeText(step) {
  return step.role ? `${step.label}\n${step.role}` : step.label;
}

function nodeBorder(step) {
  if (step.isStart) return { stroke: '#2e7d32', strokeWidth: 3 };
  if (step.isEnd) return { stroke: '#c62828', strokeWidth: 3 };
  return { stroke: '#5f6b7a', strokeWidth: 1.5 };
}

// A marked step (a task's current step) keeps its start/end colour inside a wide amber frame and a tinted fill.
const HIGHLIGHT = { stroke: '#ef6c00', strokeWidth: 5, fill: '#fff3e0' };
const PLAIN_FILL = '#ffffff';

function nodeMetadata(step) {
  return {
    id: step.id,
    shape: 'rect',
    x: step.x,
    y: step.y,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    ports,
    attrs: {
      body: { rx: 8, ry: 8, fill: '#ffffff', ...nodeBorder(step) },
      label: { text: nodeText(step), fontSize: 13, fill: '#1f2933', textWrap: { width: NODE_WIDTH - 16, height: NODE_HEIGHT - 8, ellipsis: true } },
    },
  };
}

function edgeMetadata(transition) {
  return {
    id: transition.id,
    shape: 'edge',
    source: { cell: transition.source, port: transition.sourcePort || 'right' },
    target: { cell: transition.target, port: transition.targetPort || 'left' },
    connector: { name: 'rounded' },
    attrs: { line: { stroke: '#5f6b7a', strokeWidth: 1.5, targetMarker: { name: 'block', width: 10, height: 8 } } },
    labels: transition.label ? [{ attrs: { label: { text: transition.label } } }] : [],
  };
}

function labelOf(edge) {
  const labels = edge.getLabels();
  const text = labels.length > 0 ? labels[0]?.attrs?.label?.text : '';
  return typeof text === 'string' ? text : '';
}

const READ_ONLY_CLASS = 'taskdesk-designer-read-only';

function addStyleOnce() {
  if (document.getElementById(READ_ONLY_CLASS)) return;
  const style = document.createElement('style');
  style.id = READ_ONLY_CLASS;
  style.textContent = `.${READ_ONLY_CLASS} .x6-port-body { display: none; }`;
  document.head.appendChild(style);
}

class Designer {
  constructor(element, dotnet, readOnly) {
    addStyleOnce();
    this.element = element;
    this.dotnet = dotnet;
    this.loading = false;
    this.steps = new Map();
    this.highlighted = null;
    this.setReadOnly(readOnly);
    this.graph = new Graph({
      container: element,
      autoResize: true,
      grid: { visible: true, size: 10 },
      background: { color: '#fafbfc' },
      panning: { enabled: true, eventTypes: ['rightMouseDown'] },
      mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'] },
      interacting: () => (this.readOnly ? { nodeMovable: false, edgeMovable: false, edgeLabelMovable: false, magnetConnectable: false } : true),
      connecting: {
        snap: true,
        allowBlank: false,
        allowLoop: false,
        allowNode: false,
        allowEdge: false,
        allowMulti: true,
        highlight: true,
        connector: { name: 'rounded' },
        createEdge: () => this.graph.createEdge({
          shape: 'edge',
          attrs: { line: { stroke: '#5f6b7a', strokeWidth: 1.5, targetMarker: { name: 'block', width: 10, height: 8 } } },
        }),
        validateConnection: ({ sourceCell, targetCell, targetMagnet }) =>
          !this.readOnly && !!targetMagnet && !!sourceCell && !!targetCell && sourceCell.id !== targetCell.id,
      },
    });
    this.graph.use(new Selection({ enabled: true, multiple: false, rubberband: false, showNodeSelectionBox: true, showEdgeSelectionBox: false }));
    this.graph.use(new Snapline({ enabled: true }));
    this.graph.use(new Keyboard({ enabled: true }));
    this.listen();
  }

  // The in-place editor of a transition's name, writing its one label (x6's default adds a second label when the
  // double-click lands on the line) and reporting the name to C# once, when the edit ends and only if it changed (x6
  // clears the label as the editor opens, which reported an empty name first: two undo steps for one rename).
  edgeEditor() {
    let before = '';
    return {
      name: 'edge-editor',
      args: {
        getText: ({ cell }) => labelOf(cell),
        setText: ({ cell, value }) => {
          if (value === '') {
            // The editor opens over the label: hide it while typing, as x6 does, and remember the name.
            before = labelOf(cell);
            cell.setLabels([]);
            return;
          }

          const name = value ?? '';
          cell.setLabels(name ? [{ attrs: { label: { text: name } } }] : []);
          if (name !== before) this.report('EdgeLabelEdited', cell.id, name);
        },
      },
    };
  }

  report(method, ...args) {
    if (!this.loading) {
      this.dotnet.invokeMethodAsync(method, ...args);
    }
  }

  listen() {
    const graph = this.graph;
    graph.on('node:moved', ({ node }) => {
      const { x, y } = node.getPosition();
      this.report('NodeMoved', node.id, x, y);
    });
    graph.on('blank:dblclick', ({ x, y }) => {
      if (!this.readOnly) this.report('AddRequested', x - NODE_WIDTH / 2, y - NODE_HEIGHT / 2);
    });
    graph.on('edge:connected', ({ edge, isNew }) => {
      if (!isNew) return;
      const source = edge.getSourceCellId();
      const target = edge.getTargetCellId();
      const sourcePort = edge.getSourcePortId();
      const targetPort = edge.getTargetPortId();
      // The drawn edge is only a request: C# decides and draws the transition it keeps.
      edge.remove();
      if (source && target) this.report('EdgeConnected', source, target, sourcePort ?? null, targetPort ?? null);
    });
    // x6 3.x's edge editor opens on a double-click it hears itself, so it must be on the edge before the double-click
    // (added on hover), and stays there: removing it on mouseleave would drop an edit the pointer has moved away from.
    graph.on('edge:mouseenter', ({ cell }) => {
      if (!this.readOnly && !cell.hasTool('edge-editor')) cell.addTools(this.edgeEditor());
    });
    graph.on('selection:changed', ({ selected }) => {
      const cell = selected[0];
      this.report('SelectionChanged', cell ? cell.id : null, cell ? (cell.isNode() ? 'step' : 'transition') : null);
    });
    graph.bindKey(['delete', 'backspace'], () => {
      const cell = graph.getSelectedCells()[0];
      if (cell && !this.readOnly) this.report('DeleteRequested', cell.id, cell.isNode() ? 'step' : 'transition');
      return false;
    });
    graph.bindKey(['ctrl+z', 'meta+z'], () => { this.report('UndoRequested'); return false; });
    graph.bindKey(['ctrl+y', 'meta+shift+z'], () => { this.report('RedoRequested'); return false; });
  }

  quietly(action) {
    this.loading = true;
    try { action(); } finally { this.loading = false; }
  }

  load(graphModel, readOnly) {
    this.setReadOnly(readOnly);
    const selected = this.graph.getSelectedCells()[0]?.id;
    this.steps = new Map(graphModel.steps.map((step) => [step.id, step]));
    this.quietly(() => {
      this.graph.fromJSON({
        nodes: graphModel.steps.map(nodeMetadata),
        edges: graphModel.transitions.map(edgeMetadata),
      });
      if (selected && this.graph.getCellById(selected)) this.graph.select(selected);
    });
    if (this.highlighted) this.paint(this.highlighted);
  }

  addNode(step) {
    this.steps.set(step.id, step);
    this.quietly(() => this.graph.addNode(nodeMetadata(step)));
    if (step.id === this.highlighted) this.paint(step.id);
  }

  updateNode(step) {
    this.steps.set(step.id, step);
    const node = this.graph.getCellById(step.id);
    if (!node) return;
    this.quietly(() => {
      node.attr('label/text', nodeText(step));
      node.setPosition(step.x, step.y);
    });
    this.paint(step.id);
  }

  /** Marks one step (or none, with null); the node's element says so in data-highlighted for tests and styles. */
  highlight(id) {
    const before = this.highlighted;
    this.highlighted = id;
    if (before && before !== id) this.paint(before);
    if (id) this.paint(id);
  }

  paint(id) {
    const node = this.graph.getCellById(id);
    const step = this.steps.get(id);
    if (!node || !step) return;
    const marked = id === this.highlighted;
    this.quietly(() => node.attr('body', marked ? HIGHLIGHT : { ...nodeBorder(step), fill: PLAIN_FILL }));
    const view = this.graph.findViewByCell(node);
    if (view) view.container.setAttribute('data-highlighted', marked ? 'true' : 'false');
  }

  addEdge(transition) { this.quietly(() => this.graph.addEdge(edgeMetadata(transition))); }

  updateEdge(transition) {
    const edge = this.graph.getCellById(transition.id);
    if (!edge || labelOf(edge) === transition.label) return;
    this.quietly(() => edge.setLabels(transition.label ? [{ attrs: { label: { text: transition.label } } }] : []));
  }

  removeCell(id) {
    this.steps.delete(id);
    this.quietly(() => this.graph.removeCell(id));
  }

  select(id) {
    this.quietly(() => {
      this.graph.cleanSelection();
      const cell = id ? this.graph.getCellById(id) : null;
      if (cell) this.graph.select(cell);
    });
  }

  zoomIn() { this.graph.zoom(0.1); }

  zoomOut() { this.graph.zoom(-0.1); }

  zoomToFit() { this.graph.zoomToFit({ padding: 40, maxScale: 1 }); }

  setReadOnly(readOnly) {
    this.readOnly = readOnly;
    this.element.classList.toggle(READ_ONLY_CLASS, readOnly);
  }

  /** Lays the graph out left to right and returns the new positions for C# to keep. */
  autoLayout() {
    const layout = new dagre.graphlib.Graph();
    layout.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 40, marginy: 40 });
    layout.setDefaultEdgeLabel(() => ({}));
    for (const node of this.graph.getNodes()) layout.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
    for (const edge of this.graph.getEdges()) layout.setEdge(edge.getSourceCellId(), edge.getTargetCellId());
    dagre.layout(layout);
    const positions = layout.nodes().map((id) => {
      const { x, y } = layout.node(id);
      return { id, x: Math.round(x - NODE_WIDTH / 2), y: Math.round(y - NODE_HEIGHT / 2) };
    });
    this.quietly(() => positions.forEach((p) => this.graph.getCellById(p.id)?.setPosition(p.x, p.y)));
    return positions;
  }

  dispose() { this.graph.dispose(); }
}

export function create(element, dotnet, readOnly) {
  return new Designer(element, dotnet, readOnly);
}
