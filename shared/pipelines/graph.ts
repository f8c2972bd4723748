// Pipelines as a graph, for people who would rather look than read: Graphviz dot and Mermaid draw
// the same nodes (each level once, shared sources shared) and the same edges.
import { safeText } from '../render/safe-text.js';
import type { Pipeline, PipelinesReport } from './model.js';
import { plural } from './render.js';

interface GraphNode {
  id: string;
  label: string;
  state: 'ok' | 'broken' | 'unknown';
}

interface Graph {
  nodes: GraphNode[];
  edges: [string, string][];
}

export function pipelineGraph(report: PipelinesReport): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, [string, string]>();
  const nodeFor = (key: string, label: string, state: GraphNode['state']): string => {
    let node = nodes.get(key);
    if (!node) {
      node = { id: `n${nodes.size + 1}`, label, state };
      nodes.set(key, node);
    } else if (state === 'broken') node.state = 'broken';
    return node.id;
  };
  for (const p of report.pipelines) {
    let previous: string | undefined;
    for (const level of p.levels) {
      const key = `${level.kind}/${level.namespace ?? ''}/${level.name}`;
      const state = level.problem ? 'broken' : level.ready === true ? 'ok' : 'unknown';
      const id = nodeFor(key, `${level.kind}/${level.name}`, state);
      if (previous && previous !== id) edges.set(`${previous}>${id}`, [previous, id]);
      previous = id;
    }
    const delivered = deliveredLabel(p);
    const id = nodeFor(`delivers:${p.id}`, delivered, p.healthy ? 'ok' : 'broken');
    if (previous) edges.set(`${previous}>${id}`, [previous, id]);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function deliveredLabel(p: Pipeline): string {
  if (!p.delivers.length) return 'nothing delivered yet';
  return p.delivers.map((d) => `${d.count} ${d.count === 1 ? d.kind : plural(d.kind)}`).join(', ');
}

const COLOURS = { ok: 'darkgreen', broken: 'red', unknown: 'gray40' } as const;

export function renderDot(report: PipelinesReport): string {
  const graph = pipelineGraph(report);
  const lines = ['digraph pipelines {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const n of graph.nodes)
    lines.push(`  ${n.id} [label=${dotString(n.label)}, color=${COLOURS[n.state]}];`);
  for (const [from, to] of graph.edges) lines.push(`  ${from} -> ${to};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function renderMermaid(report: PipelinesReport): string {
  const graph = pipelineGraph(report);
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${n.id}["${mermaidText(n.label)}"]:::${n.state}`);
  for (const [from, to] of graph.edges) lines.push(`  ${from} --> ${to}`);
  lines.push(
    '  classDef ok stroke:#2e7d32',
    '  classDef broken stroke:#c62828,stroke-width:2px',
    '  classDef unknown stroke:#757575',
  );
  return `${lines.join('\n')}\n`;
}

/** A dot string: control characters (newlines too) escaped first, then backslashes and quotes. */
function dotString(text: string): string {
  return `"${safeText(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A mermaid label: control characters escaped, and what mermaid reads as markup as entities. */
function mermaidText(text: string): string {
  return safeText(text).replace(/["<>&`#]/g, (c) => `#${c.charCodeAt(0)};`);
}
