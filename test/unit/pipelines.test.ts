// Pipelines: one per deployer, built from the batch traces, agreeing with single traces; the text
// a person reads; dot and mermaid drawing the same graph.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../shared/engine.js';
import { pipelineGraph, renderDot, renderMermaid } from '../../shared/pipelines/graph.js';
import { type PipelinesReport, PipelinesReportSchema } from '../../shared/pipelines/model.js';
import { renderPipelinesText } from '../../shared/pipelines/render.js';
import { DEMO_DIR, scenarioNames, scenarioPath } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T01:00:00Z');

async function pipelines(
  path: string,
  options: { namespace?: string; unhealthyOnly?: boolean } = {},
): Promise<PipelinesReport> {
  const engine = await Engine.open({ snapshot: path });
  try {
    return await engine.pipelines({ now: NOW, traces: true, ...options });
  } finally {
    await engine.close();
  }
}

describe('pipelines of the demo cluster', () => {
  it('one per deployer, failing ones first, with the levels and what each delivers', async () => {
    const report = PipelinesReportSchema.parse(await pipelines(DEMO_DIR));
    expect(report.total).toBe(report.pipelines.length);
    const apps = report.pipelines.find((p) => p.id === 'Kustomization/flux-system/apps');
    expect(apps?.healthy).toBe(false);
    expect(apps?.levels.map((l) => `${l.kind}/${l.name}`)).toEqual([
      'GitRepository/flux-system',
      'Kustomization/flux-system',
      'GitRepository/infra-repo',
      'Kustomization/apps',
    ]);
    expect(apps?.levels[3]?.problem).toMatch(/^failed \(BuildFailed/);
    expect(Object.fromEntries((apps?.delivers ?? []).map((d) => [d.kind, d.count]))).toEqual({
      ConfigMap: 1,
      Deployment: 1,
      Service: 1,
    });
    const web = report.pipelines.find((p) => p.id === 'Kustomization/flux-system/web');
    expect(web?.healthy).toBe(true);
    expect(report.healthy).toBe(report.pipelines.filter((p) => p.healthy).length);
    expect(report.pipelines.findIndex((p) => p.healthy)).toBeGreaterThan(
      report.pipelines.findLastIndex((p) => !p.healthy),
    );
  });

  it('text: the header counts healthy pipelines and each pipeline reads as a tree', async () => {
    const report = await pipelines(DEMO_DIR);
    const text = renderPipelinesText({
      ...report,
      pipelines: report.pipelines.map(({ traces: _t, ...p }) => p),
    });
    expect(text.split('\n')[0]).toBe(`PIPELINES  ${report.healthy}/${report.total} healthy`);
    expect(text).toContain('      └─▶ GitRepository/infra-repo\n');
    // A Deployment with an unhealthy ReplicaSet and Pod is one unhealthy Deployment.
    expect(text).toContain(
      '└─▶ 1 ConfigMap (1 unhealthy), 1 Deployment (1 unhealthy), 1 Service (1 unhealthy)\n',
    );
    for (const p of report.pipelines)
      for (const d of p.delivers) expect(d.unhealthy).toBeLessThanOrEqual(d.count);
    expect(text).toContain('read just now');
  });

  it('--namespace and --unhealthy-only narrow the list', async () => {
    const cache = await pipelines(DEMO_DIR, { namespace: 'cache' });
    expect(cache.pipelines.map((p) => p.id)).toEqual(['Kustomization/flux-system/cache']);
    const unhealthy = await pipelines(DEMO_DIR, { unhealthyOnly: true });
    expect(unhealthy.pipelines.length).toBe(unhealthy.total - unhealthy.healthy);
    expect(unhealthy.pipelines.every((p) => !p.healthy)).toBe(true);
  });

  it('dot and mermaid draw the same graph', async () => {
    const report = await pipelines(DEMO_DIR);
    const graph = pipelineGraph(report);
    const dot = renderDot(report);
    const mermaid = renderMermaid(report);
    expect(dot.startsWith('digraph pipelines {')).toBe(true);
    expect(mermaid.startsWith('flowchart LR')).toBe(true);
    const dotEdges = [...dot.matchAll(/^ {2}(n\d+) -> (n\d+);$/gm)].map((m) => `${m[1]}>${m[2]}`);
    const mermaidEdges = [...mermaid.matchAll(/^ {2}(n\d+) --> (n\d+)$/gm)].map((m) => `${m[1]}>${m[2]}`);
    expect(dotEdges).toEqual(mermaidEdges);
    expect(dotEdges).toHaveLength(graph.edges.length);
    const dotNodes = [...dot.matchAll(/^ {2}(n\d+) \[label="([^"]+)"/gm)].map((m) => `${m[1]}=${m[2]}`);
    const mermaidNodes = [...mermaid.matchAll(/^ {2}(n\d+)\["([^"]+)"\]/gm)].map((m) => `${m[1]}=${m[2]}`);
    expect(dotNodes).toEqual(mermaidNodes);
    expect(dotNodes).toContain(
      `${graph.nodes.find((n) => n.label === 'Kustomization/apps')?.id}=Kustomization/apps`,
    );
    // The shared root source is drawn once.
    expect(dotNodes.filter((n) => n.endsWith('=GitRepository/flux-system'))).toHaveLength(1);
  });
});

describe('pipelines agree with single traces', () => {
  const clusters = [...scenarioNames().map((name) => scenarioPath(name)), DEMO_DIR];
  it.each(clusters)('%s', async (path) => {
    const report = await pipelines(path);
    for (const pipeline of report.pipelines) {
      for (const traced of pipeline.traces ?? []) {
        const engine = await Engine.open({ snapshot: path });
        const o = traced.object;
        const alone = await engine.traceRef(o, { now: NOW });
        await engine.close();
        // The pipeline's levels are the top of the object's own chain, deployer last; an object is
        // never shown above itself (the bootstrap GitRepository is the source of its own deployer).
        const self = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
        const levels = pipeline.levels
          .map((l) => `${l.kind}/${l.namespace ?? ''}/${l.name}`)
          .filter((l) => l !== self);
        const top = alone.chain
          .slice(0, levels.length)
          .map((l) => `${l.kind}/${l.namespace ?? ''}/${l.name}`);
        expect(top, `${o.kind}/${o.name} in ${pipeline.id}`).toEqual(levels);
      }
    }
  });
});
