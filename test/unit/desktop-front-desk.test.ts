// The face answers "can this context be reached at all" in its own thread: while the API worker is
// busy (here: a worker that never answers), an unreachable context and one whose exec plugin is
// missing still get their state; everything else goes on to the worker.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFrontDesk } from '../../shared/desktop-api/front-desk.js';
import type { DispatchResult } from '../../shared/desktop-api/handlers.js';

const kubeconfig = join(mkdtempSync(join(tmpdir(), 'cub-scout-front-desk-')), 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
current-context: dead
clusters:
- { name: dead, cluster: { server: 'https://127.0.0.1:1' } }
contexts:
- { name: dead, context: { cluster: dead, user: token } }
- { name: needs-plugin, context: { cluster: dead, user: plugin } }
users:
- { name: token, user: { token: abc } }
- name: plugin
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: cub-scout-no-such-plugin, interactiveMode: Never } }
`,
);

describe('the front desk', () => {
  const forwarded: unknown[] = [];
  const busyWorker = (operation: unknown): Promise<DispatchResult> => {
    forwarded.push(operation);
    return new Promise(() => undefined); // busy for good
  };
  const call = withFrontDesk(busyWorker, { kubeconfig, demo: true }, { probeTimeoutMs: 2_000 });

  it('answers an unreachable context and a missing exec plugin without the worker', async () => {
    const dead = await call('clusterStatus', { cluster: 'dead' });
    expect(dead).toMatchObject({ ok: true, value: { cluster: 'dead', reachable: false } });
    expect(JSON.stringify(dead)).toMatch(/127\.0\.0\.1:1|ECONNREFUSED|refused/i);
    expect(await call('clusterStatus', { cluster: 'needs-plugin' })).toEqual({
      ok: true,
      value: {
        cluster: 'needs-plugin',
        reachable: false,
        problem: 'exec plugin `cub-scout-no-such-plugin` not found on PATH',
      },
    });
    expect(forwarded).toEqual([]);
  });

  it('passes everything else on to the worker', () => {
    void call('clusterStatus', { cluster: 'demo' });
    void call('clusterStatus', { cluster: 42 });
    void call('overview', { cluster: 'dead' });
    expect(forwarded).toEqual(['clusterStatus', 'clusterStatus', 'overview']);
  });
});
