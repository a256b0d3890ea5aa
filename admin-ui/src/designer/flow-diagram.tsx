// The stages as nodes and the actions as edges (@xyflow/react). Connecting two stages adds an
// action; choosing a node or an edge brings its editor into view. Positions are a layout of the
// definition (columns by distance from the initial stage), not part of it.
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Connection, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { useProblemsAt } from './controls';
import { fromList, type ProcedureDef } from './definition';
import { designerMessages } from './messages';

interface StageData extends Record<string, unknown> {
  label: string;
  stageKey: string;
  index: number;
  initial: boolean;
  final: boolean;
  due: string | null;
}

function StageNode({ data }: NodeProps<Node<StageData>>) {
  const t = useMessages(designerMessages);
  const problems = useProblemsAt(`/stages/${data.index}`);
  return (
    <div className={`dz-node${data.initial ? ' dz-node--initial' : ''}${data.final ? ' dz-node--final' : ''}${problems.length ? ' dz-node--invalid' : ''}`}>
      <Handle type="target" position={Position.Left} />
      <strong>{data.label || data.stageKey}</strong>
      <small>
        {data.initial ? `▶ ${t.flow.initial}` : data.final ? `■ ${t.flow.final}` : data.due ? `⏱ ${data.due}` : data.stageKey}
      </small>
      {!data.final && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

const nodeTypes = { stage: StageNode };

/** Columns by the number of actions from the initial stage; unreachable stages in a last column. */
function layout(def: ProcedureDef): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const initial = def.stages.find((s) => s.initial) ?? def.stages[0];
  if (initial) depth.set(initial.key, 0);
  const queue = initial ? [initial.key] : [];
  while (queue.length) {
    const stage = queue.shift()!;
    for (const a of def.actions) {
      if (!fromList(a.from).includes(stage) || !a.to || depth.has(a.to)) continue;
      depth.set(a.to, depth.get(stage)! + 1);
      queue.push(a.to);
    }
  }
  const max = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const s of def.stages) {
    const column = depth.get(s.key) ?? max + 1;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(s.key, { x: column * 280, y: row * 130 + (column % 2) * 24 });
  }
  return positions;
}

export function FlowDiagram({ definition, onConnect, onSelectStage, onSelectAction }: { definition: ProcedureDef; onConnect(from: string, to: string): void; onSelectStage(index: number): void; onSelectAction(index: number): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const nodes = useMemo<Node<StageData>[]>(() => {
    const positions = layout(definition);
    return definition.stages.map((s, index) => ({
      id: s.key || `stage-${index}`,
      type: 'stage',
      position: positions.get(s.key) ?? { x: 0, y: index * 100 },
      data: { label: pick(s.label), stageKey: s.key, index, initial: s.initial === true, final: s.final === true, due: typeof s.dueIn === 'string' ? s.dueIn : s.dueIn ? `${s.dueIn.workingDays}d` : null },
      ariaLabel: pick(s.label) || s.key,
    }));
  }, [definition, pick]);
  const edges = useMemo<Edge[]>(
    () =>
      definition.actions.flatMap((a, index) =>
        (a.to ? fromList(a.from) : []).map((from) => ({
            id: `${a.key}-${index}-${from}`,
            source: from,
            target: a.to!,
            label: pick(a.label) || a.key,
            data: { index },
            markerEnd: { type: MarkerType.ArrowClosed },
            labelBgPadding: [6, 3] as [number, number],
            labelBgBorderRadius: 4,
            className: (a.requires ?? []).length ? 'dz-edge--gated' : undefined,
          })),
      ),
    [definition, pick],
  );
  return (
    <div className="dz-diagram" role="figure" aria-label={t.flow.diagram}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
        nodesDraggable={false}
        proOptions={{ hideAttribution: true }}
        onConnect={(c: Connection) => c.source && c.target && c.source !== c.target && onConnect(c.source, c.target)}
        onNodeClick={(_, node) => onSelectStage((node.data as StageData).index)}
        onEdgeClick={(_, edge) => onSelectAction((edge.data as { index: number }).index)}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
