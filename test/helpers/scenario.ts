// Snapshot scenarios: each directory under test/scenarios is a small cluster (YAML objects) plus a
// `trace.list` of the objects worth tracing in it (`<kind>/<name> -n <ns>` per line). The same
// scenarios run offline here and live on the test bed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../shared/engine.js';
import type { TraceResult } from '../../shared/model/trace-result.js';
import { parseResourceArg } from '../../shared/resource-arg.js';

export const SCENARIOS_DIR = join(import.meta.dirname, '..', 'scenarios');
export const DEMO_DIR = join(import.meta.dirname, '..', '..', 'shared', 'demo');

export function scenarioPath(name: string): string {
  return join(SCENARIOS_DIR, name);
}

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export interface TraceTarget {
  kind: string;
  name: string;
  namespace?: string;
  line: string;
}

export function traceList(dir: string): TraceTarget[] {
  const file = existsSync(join(dir, 'trace.list')) ? join(dir, 'trace.list') : join(dir, 'tour.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const [resource = '', flag, namespace] = line.split(/\s+/);
      const { kind, name } = parseResourceArg(resource);
      return flag === '-n' && namespace ? { kind, name, namespace, line } : { kind, name, line };
    });
}

/** Trace one object of a scenario (a fresh engine per call: no state shared between tests). */
export async function traceScenario(
  name: string,
  kind: string,
  object: string,
  namespace?: string,
): Promise<TraceResult> {
  const engine = await Engine.open({ snapshot: scenarioPath(name) });
  try {
    return await engine.trace(kind, object, namespace, { now: new Date('2026-11-28T01:00:00Z') });
  } finally {
    await engine.close();
  }
}

/** The chain as `Kind/name` strings, origin first: what a user reads off the tree. */
export function chainNames(result: TraceResult): string[] {
  return result.chain.map((l) => `${l.kind}/${l.name}`);
}
