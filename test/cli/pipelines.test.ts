// `cub-scout pipelines` through the built bin: every output format, filters, exit codes, the cache.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelinesReportSchema } from '../../shared/pipelines/model.js';
import { cli } from '../helpers/cli.js';
import { scenarioPath } from '../helpers/scenario.js';

describe('cub-scout pipelines', () => {
  it('text: the header, a tree per pipeline and how old the answer is', async () => {
    const { stdout, stderr, exitCode } = await cli(['pipelines', '--demo']);
    expect(exitCode).toBe(0);
    expect(stderr).toBe(''); // no progress when stderr is not a terminal
    const [header, age] = stdout.split('\n');
    expect(header).toMatch(/^PIPELINES {2}\d+\/\d+ healthy$/);
    expect(age).toMatch(/, read just now$/);
    // A source that feeds several pipelines heads them once (✗: one of them is broken).
    expect(stdout.match(/^✗ ssh:\/\/git@github\.com\/acme\/fleet@main@sha1:0f3c9b2a7d1e$/gm)).toHaveLength(1);
    expect(stdout).toContain('└─▶ Kustomization/apps (./clusters/prod/apps)  failed (BuildFailed');
    expect(stdout).toMatch(
      /^ {2}└─▶ Kustomization\/flux-system \(\.\/clusters\/prod\)\n {6}└─▶ GitRepository\/web-repo\n {10}└─▶ Kustomization\/web \(\.\/deploy\/prod\)\n {14}└─▶ 1 Deployment, 1 Service$/m,
    );
  });

  it('json: the report schema, with per-object traces on --trace', async () => {
    const plain = PipelinesReportSchema.parse(
      JSON.parse((await cli(['pipelines', '--demo', '-o', 'json'])).stdout),
    );
    expect(plain.cacheAgeSeconds).toBe(0);
    expect(plain.pipelines.every((p) => p.traces === undefined)).toBe(true);
    const traced = PipelinesReportSchema.parse(
      JSON.parse((await cli(['pipelines', '--demo', '-o', 'json', '--trace'])).stdout),
    );
    const web = traced.pipelines.find((p) => p.id === 'Kustomization/flux-system/web');
    expect(web?.traces?.map((t) => `${t.object.kind}/${t.object.name}`)).toContain('Deployment/web');
  });

  it('dot and mermaid draw the graph', async () => {
    const dot = await cli(['pipelines', '--demo', '-o', 'dot']);
    expect(dot.exitCode).toBe(0);
    expect(dot.stdout).toMatch(/^digraph pipelines \{\n/);
    expect(dot.stdout).toMatch(/n\d+ \[label="Kustomization\/apps", color=red\];/);
    expect(dot.stdout.trim().endsWith('}')).toBe(true);
    const mermaid = await cli(['pipelines', '--demo', '-o', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toMatch(/n\d+\["Kustomization\/apps"\]:::broken/);
    const edges = (text: string, arrow: string) => text.split('\n').filter((l) => l.includes(arrow)).length;
    expect(edges(mermaid.stdout, ' --> ')).toBe(edges(dot.stdout, ' -> '));
  });

  it('-n, --unhealthy-only and --exit-code', async () => {
    const healthy = await cli(['pipelines', '--snapshot', scenarioPath('ccve-healthy'), '--exit-code']);
    expect(healthy.exitCode).toBe(0);
    expect(healthy.stdout).toMatch(/^PIPELINES {2}(\d+)\/\1 healthy/);
    const broken = await cli(['pipelines', '--demo', '--unhealthy-only', '--exit-code', '-o', 'json']);
    expect(broken.exitCode).toBe(1);
    const report = PipelinesReportSchema.parse(JSON.parse(broken.stdout));
    expect(report.pipelines.every((p) => !p.healthy)).toBe(true);
    const ns = PipelinesReportSchema.parse(
      JSON.parse((await cli(['pipelines', '--demo', '-n', 'cache', '-o', 'json'])).stdout),
    );
    expect(ns.pipelines.map((p) => p.id)).toEqual(['Kustomization/flux-system/cache']);
  });

  it('bad input is one line and exit 2; an unreadable snapshot exit 3', async () => {
    const bad = await cli(['pipelines', '--demo', '-o', 'yaml']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await cli(['pipelines', '--snapshot', '/nonexistent/dir']);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toBe('error: snapshot /nonexistent/dir: no such file or directory');
  });

  it('--cache answers the second run from disk and says how old it is', async () => {
    const env = { CUB_SCOUT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'cub-scout-cache-')) };
    const args = ['pipelines', '--snapshot', scenarioPath('ccve-flux'), '--cache', '-o', 'json'];
    const first = PipelinesReportSchema.parse(JSON.parse((await cli(args, env)).stdout));
    expect(first.cacheAgeSeconds).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const second = PipelinesReportSchema.parse(JSON.parse((await cli(args, env)).stdout));
    expect(second.cacheAgeSeconds).toBeGreaterThanOrEqual(1);
    expect(second.pipelines).toEqual(first.pipelines);
    const text = await cli(['pipelines', '--snapshot', scenarioPath('ccve-flux'), '--cache'], env);
    expect(text.stdout.split('\n')[1]).toMatch(/, cached \d+s ago$/);
    // An expired cache is read again.
    const expired = await cli([...args, '--cache-ttl', '0'], env);
    expect(PipelinesReportSchema.parse(JSON.parse(expired.stdout)).cacheAgeSeconds).toBe(0);
  });
});
