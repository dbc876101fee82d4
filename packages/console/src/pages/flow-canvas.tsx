import {
  Background,
  Controls,
  type Edge,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Typography } from 'antd';
import { memo, useMemo, useRef } from 'react';
import { type Flow, flattenSteps, layoutOf, STEP_TYPES, type StepPath } from '../flow/flow-model.ts';
import { stepTypeLabel, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

interface NodeData extends Record<string, unknown> {
  title: string;
  type: string;
  summary: string;
  selected: boolean;
  invalid: boolean;
  trigger: boolean;
  branch: string | null;
}

const StepNode = memo(function StepNode({ data, id }: NodeProps<Node<NodeData>>) {
  const { t } = useI18n();
  const cls = `step-node${data.selected ? ' selected' : ''}${data.invalid ? ' invalid' : ''}${data.trigger ? ' trigger' : ''}`;
  return (
    <div className={cls} data-testid={`node-${id}`}>
      {!data.trigger && <Handle type="target" position={Position.Top} />}
      <div className="type">
        {data.trigger ? t('flows.trigger') : stepTypeLabel(t, data.type)}
        {data.branch ? ` · ${t(`branch.${data.branch}` as MessageKey)}` : ''}
      </div>
      <div>
        <strong>{data.title}</strong>
      </div>
      <Typography.Text type="secondary" ellipsis style={{ fontSize: 11, maxWidth: 210 }}>
        {data.summary}
      </Typography.Text>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

const NODE_TYPES = { step: StepNode };

function summaryOf(step: Record<string, unknown>): string {
  if (step.type === 'call') return `${String(step.connection || '?')} · ${String(step.operation || '?')}`;
  if (step.type === 'condition') return `if ${String(step.if ?? '')}`;
  if (step.type === 'forEach') return `for ${String(step.items ?? '')}`;
  return String(step.name ?? '');
}

interface CanvasProps {
  flow: Flow;
  selected: string;
  invalid: Set<string>;
  onSelect(key: string): void;
  onDropType(type: string): void;
  onReorder(path: StepPath, delta: number): void;
}

/** The node key of a step path (`s:2.then.0`) and the trigger (`trigger`). */
export function keyOf(path: StepPath): string {
  return `s:${path.join('.')}`;
}

/** The visual canvas: trigger and steps top to bottom (branches indented); drop a palette item to add, drag a node to reorder. */
export function FlowCanvas({ flow, selected, invalid, onSelect, onDropType, onReorder }: CanvasProps) {
  const { t } = useI18n();
  const flat = useMemo(() => flattenSteps(flow.steps), [flow.steps]);
  const wrapper = useRef<HTMLDivElement>(null);
  const base = useMemo<Node<NodeData>[]>(() => {
    const trigger: Node<NodeData> = {
      id: 'trigger',
      type: 'step',
      position: layoutOf(0, 0),
      data: {
        title: t(`trigger.${flow.trigger.type}` as MessageKey),
        type: 'trigger',
        summary: String(flow.trigger.form ?? flow.trigger.cron ?? ''),
        selected: false,
        invalid: invalid.has('trigger'),
        trigger: true,
        branch: null,
      },
    };
    return [
      trigger,
      ...flat.map((f, i) => ({
        id: keyOf(f.path),
        type: 'step',
        position: layoutOf(i + 1, f.depth),
        data: {
          title: f.step.name ? `${f.step.name} (${f.step.id})` : f.step.id,
          type: f.step.type,
          summary: summaryOf(f.step),
          selected: false,
          invalid: invalid.has(keyOf(f.path)),
          trigger: false,
          branch: f.branch,
        },
      })),
    ];
  }, [flat, flow.trigger, invalid, t]);
  // Selection changes only the selected node's data, so the other nodes keep their identity and skip rendering.
  const nodes = useMemo(
    () => base.map((n) => (n.id === selected ? { ...n, data: { ...n.data, selected: true } } : n)),
    [base, selected],
  );
  const edges = useMemo<Edge[]>(
    () => base.slice(1).map((n, i) => ({ id: `e${i}`, source: base[i]?.id ?? 'trigger', target: n.id })),
    [base],
  );

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the canvas is a drop zone for palette items (drag only)
    <div
      ref={wrapper}
      style={{ height: '100%', border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff' }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const type = e.dataTransfer.getData('text/qiao-step');
        if (type) onDropType(type);
      }}
      data-testid="canvas"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodeClick={(_, n) => onSelect(n.id)}
        onNodeDragStop={(_, n) => {
          const row = flat.findIndex((f) => keyOf(f.path) === n.id);
          const from = layoutOf(row + 1, 0).y;
          const delta = Math.round((n.position.y - from) / 96);
          const f = flat[row];
          if (f && delta !== 0) onReorder(f.path, delta);
        }}
        onInit={(instance) => {
          // Top of the flow, centred horizontally: long flows are scrolled, never shrunk to illegibility.
          const width = wrapper.current?.clientWidth ?? 600;
          void instance.setViewport({ x: Math.max(8, (width - 240 * 0.9) / 2 - 40 * 0.9), y: 8, zoom: 0.9 });
        }}
        defaultViewport={{ x: 24, y: 8, zoom: 0.9 }}
        minZoom={0.2}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** The step palette: drag onto the canvas or click to add after the selected step. */
export function Palette({ onAdd }: { onAdd(type: string): void }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('flows.palette')}
      </Typography.Text>
      {STEP_TYPES.map((type) => (
        <button
          type="button"
          key={type}
          className="palette-item"
          draggable
          onDragStart={(e) => e.dataTransfer.setData('text/qiao-step', type)}
          onClick={() => onAdd(type)}
          data-testid={`palette-${type}`}
        >
          {stepTypeLabel(t, type)}
        </button>
      ))}
    </div>
  );
}
