// Issue 10 acceptance: one-field type mutations of every scenario's objects (seeded, bounded in
// count), run through the engine (every whole-cluster view, the scenario's traces and a trace of
// the mutated object, and their text renderings), and a sample through the CLI. What a user may
// see is a result, a warning or a one-line error with exit code 0-3: never raw JavaScript error
// text, never a stack frame, never a run that does not end.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/generate.js';
import { Engine } from '../../shared/engine.js';
import { isCubScoutError } from '../../shared/errors/index.js';
import { renderDot, renderMermaid } from '../../shared/pipelines/graph.js';
import { renderPipelinesText } from '../../shared/pipelines/render.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { renderTraceText } from '../../shared/render/text.js';
import { kindArgOf } from '../../shared/resource-arg.js';
import { renderScanText } from '../../shared/scan/render.js';
import { cli } from '../helpers/cli.js';
import { SCENARIOS_DIR, scenarioNames, traceList } from '../helpers/scenario.js';

const SEED = 20261201;
const MUTATIONS_PER_SCENARIO = 40;
const CLI_SAMPLES = 6;
const NOW = new Date('2026-11-28T01:00:00Z');
/** What a raw JavaScript failure looks like to a user. */
const RAW_JS_ERROR =
  /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|\n\s+at .*(\.js|\.ts):\d+/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REPLACEMENTS: Json[] = [
  null,
  0,
  -1,
  1.5,
  '',
  'x',
  true,
  false,
  [],
  {},
  [null],
  [1, 'a'],
  { a: 1 },
  'Ready',
];

function typeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function scenarioObjects(name: string): Json[] {
  const dir = join(SCENARIOS_DIR, name);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => loadAll(readFileSync(join(dir, f), 'utf8')) as Json[])
    .filter((o) => o !== null);
}

interface Mutation {
  objects: Json[];
  /** `3.status.conditions.0.message <- 42` */
  what: string;
  target: { kind: string; name: string; namespace?: string; apiVersion: string } | undefined;
}

/** One field somewhere in one object gets a value of another type. */
function mutate(objects: Json[], random: () => number): Mutation {
  const copy = structuredClone(objects);
  const index = Math.floor(random() * copy.length);
  const path: (string | number)[] = [index];
  let parent = copy as Json[] | Record<string, Json>;
  let key: string | number = index;
  for (;;) {
    const value = (parent as Record<string, Json>)[key] as Json;
    const children = value !== null && typeof value === 'object' ? Object.keys(value) : [];
    if (children.length === 0 || (path.length > 1 && random() < 0.3)) break;
    parent = value as Record<string, Json>;
    key = children[Math.floor(random() * children.length)] as string;
    path.push(key);
  }
  const old = (parent as Record<string, Json>)[key] as Json;
  const choices = REPLACEMENTS.filter((r) => typeOf(r) !== typeOf(old));
  const replacement = choices[Math.floor(random() * choices.length)] as Json;
  (parent as Record<string, Json>)[key] = replacement;
  const o = copy[index] as Record<string, Json> | null;
  const meta = (o?.metadata ?? {}) as Record<string, Json>;
  const target =
    o && typeof o.kind === 'string' && typeof o.apiVersion === 'string' && typeof meta.name === 'string'
      ? {
          kind: o.kind,
          apiVersion: o.apiVersion,
          name: meta.name,
          ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
        }
      : undefined;
  return { objects: copy, what: `${path.join('.')} <- ${JSON.stringify(replacement)}`, target };
}

/** Run one question; a CubScoutError is a fine answer, anything else is a raw failure. */
async function answer(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (e) {
    if (isCubScoutError(e)) return `error: ${e.message}`;
    return `RAW ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`;
  }
}

async function throughEngine(m: Mutation, traces: ReturnType<typeof traceList>): Promise<string[]> {
  const outputs: string[] = [];
  const reader = await answer(async () => {
    SnapshotReader.fromObjects(m.objects);
    return '';
  });
  if (reader) return [reader]; // nothing but misfits: a one-line error
  const engine = new Engine(SnapshotReader.fromObjects(m.objects));
  outputs.push(
    await answer(async () => {
      const report = await engine.pipelines({ now: NOW, traces: true });
      return renderPipelinesText(report) + renderDot(report) + renderMermaid(report);
    }),
    await answer(async () => renderScanText(await engine.scan({ now: NOW }))),
  );
  const targets = [
    ...traces.map((t) => ({ kind: t.kind, name: t.name, namespace: t.namespace })),
    ...(m.target ? [{ ...m.target, kind: kindArgOf(m.target.apiVersion, m.target.kind) }] : []),
  ];
  for (const t of targets)
    outputs.push(
      await answer(async () =>
        renderTraceText(await engine.trace(t.kind, t.name, t.namespace, { now: NOW }), { wide: true }),
      ),
    );
  return outputs;
}

describe('fuzz: one-field type mutations of every scenario', () => {
  const random = seededRandom(SEED); // a failure names the seed that reproduces it
  const cliSamples: Mutation[] = [];

  it.each(scenarioNames())(
    '%s: engine answers or refuses in one line',
    async (name) => {
      const objects = scenarioObjects(name);
      const traces = traceList(join(SCENARIOS_DIR, name));
      expect(objects.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (let i = 0; i < MUTATIONS_PER_SCENARIO; i++) {
        const m = mutate(objects, random);
        for (const output of await throughEngine(m, traces))
          if (RAW_JS_ERROR.test(output) || output.startsWith('RAW '))
            failures.push(`seed ${SEED}, ${name} #${i}: ${m.what}\n${output.slice(0, 600)}`);
        if (i % 10 === 0 && cliSamples.length < CLI_SAMPLES * 3) cliSamples.push(m);
      }
      expect(failures).toEqual([]);
    },
    120_000,
  ); // a bound for a busy machine, not a performance target

  it('a sample through the CLI: exit codes 0-3, no raw JavaScript error, every run ends', async () => {
    const picked = cliSamples.filter((_, i) => i % 3 === 0).slice(0, CLI_SAMPLES);
    expect(picked.length).toBe(CLI_SAMPLES);
    for (const m of picked) {
      const dir = mkdtempSync(join(tmpdir(), 'cub-scout-fuzz-'));
      writeFileSync(
        join(dir, 'cluster.json'),
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: m.objects }),
      );
      const runs = [['pipelines'], ['scan', '-o', 'sarif']];
      if (m.target)
        runs.push([
          'trace',
          kindArgOf(m.target.apiVersion, m.target.kind),
          m.target.name,
          ...(m.target.namespace ? ['-n', m.target.namespace] : []),
          '-o',
          'wide',
        ]);
      for (const args of runs) {
        const { stdout, stderr, exitCode } = await cli([...args, '--snapshot', dir]);
        const where = `${m.what}: ${args.join(' ')}`;
        expect({ where, exitCode: [0, 1, 2, 3].includes(exitCode) }).toEqual({ where, exitCode: true });
        expect({ where, raw: RAW_JS_ERROR.test(stdout + stderr) }).toEqual({ where, raw: false });
      }
    }
  }, 240_000);
});
