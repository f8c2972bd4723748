// The picture of one pipeline: source → … → deployer → what it delivers, each box coloured by
// health (green ready, red broken, amber suspended, grey no signal), laid out top to bottom by
// dagre and drawn by React Flow. The kinds it delivers are boxes with counts; each unhealthy
// object gets its own red box. Clicking a deployer or object box traces it.
import dagre from '@dagrejs/dagre';
import { type Edge, type Node, Position, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { ResourceRef } from '../../../../shared/model/trace-result.js';
import type { Pipeline } from '../../../../shared/pipelines/model.js';
import { type Health, healthOf, MARK, revision } from './format.js';

const NODE_WIDTH = 230;
const NODE_HEIGHT = 64;

interface NodeData extends Record<string, unknown> {
  label: React.ReactNode;
  ref?: ResourceRef;
}

export function PipelineGraph({
  pipeline,
  onTrace,
}: {
  pipeline: Pipeline;
  onTrace(ref: ResourceRef): void;
}) {
  const { nodes, edges } = useMemo(() => layout(pipeline), [pipeline]);
  return (
    <div className="graph" data-testid="pipeline-graph">
      <ReactFlow
        key={pipeline.id}
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        nodesDraggable={false}
        nodesConnectable={false}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_event, node: Node<NodeData>) => node.data.ref && onTrace(node.data.ref)}
      />
    </div>
  );
}

function box(health: Health, title: string, detail: string, testId: string) {
  return (
    <div className="graph-node-body" data-testid={testId} data-health={health}>
      <div className="graph-node-title">
        <span className={`mark ${health}`}>{MARK[health]}</span> {title}
      </div>
      <div className="graph-node-detail">{detail}</div>
    </div>
  );
}

function layout(pipeline: Pipeline): { nodes: Node<NodeData>[]; edges: Edge[] } {
  const nodes: Node<NodeData>[] = [];
  const edges: Edge[] = [];
  const add = (id: string, health: Health, data: NodeData) =>
    nodes.push({
      id,
      data,
      position: { x: 0, y: 0 },
      className: `graph-node ${health}${data.ref ? ' traceable' : ''}`,
      sourcePosition: Position.Bottom,
      targetPosition: Position.Top,
      style: { width: NODE_WIDTH },
    });
  const link = (from: string, to: string, health: Health) =>
    edges.push({
      id: `${from}->${to}`,
      source: from,
      target: to,
      className: `graph-edge ${health}`,
      animated: health === 'fail',
    });

  pipeline.levels.forEach((level, i) => {
    const health = level.missing
      ? 'fail'
      : level.problem
        ? level.suspended
          ? 'warn'
          : 'fail'
        : healthOf(level.ready, level.suspended);
    const isDeployer = i === pipeline.levels.length - 1;
    add(`level-${i}`, health, {
      label: box(
        health,
        `${level.kind}/${level.name}`,
        level.problem ?? (level.revision ? revision(level.revision) : (level.status ?? '')),
        `graph-level`,
      ),
      ...(isDeployer ? { ref: pipeline.deployer } : {}),
    });
    if (i > 0) link(`level-${i - 1}`, `level-${i}`, health);
  });
  const deployerId = `level-${pipeline.levels.length - 1}`;
  for (const delivered of pipeline.delivers) {
    const id = `kind-${delivered.kind}`;
    const health: Health = delivered.unhealthy > 0 ? 'fail' : 'ok';
    add(id, health, {
      label: box(
        health,
        `${delivered.count} ${delivered.kind}`,
        delivered.unhealthy > 0 ? `${delivered.unhealthy} unhealthy` : 'all healthy',
        'graph-kind',
      ),
    });
    link(deployerId, id, health);
  }
  pipeline.unhealthyObjects.forEach((object, i) => {
    const { summary, ...ref } = object;
    const id = `object-${i}`;
    add(id, 'fail', { label: box('fail', `${ref.kind}/${ref.name}`, summary, 'graph-object'), ref });
    link(nodes.some((n) => n.id === `kind-${ref.kind}`) ? `kind-${ref.kind}` : deployerId, id, 'fail');
  });

  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 36 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  for (const node of nodes) {
    const at = graph.node(node.id);
    node.position = { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 };
  }
  return { nodes, edges };
}
