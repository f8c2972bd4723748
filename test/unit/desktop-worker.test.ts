// The desktop API in its worker thread (as `cub-scout ui` and the Electron app run it, from the
// build): answers like the handlers do, asks the face for what only the face has (the file dialog),
// and a worker that dies answers its pending calls with an error and comes back on the next call.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startApiWorker } from '../../shared/desktop-api/worker-client.js';

// The bundled worker (the suite's global setup builds dist/cli/, as `cub-scout ui` runs it).
const workerFile = pathToFileURL(join(import.meta.dirname, '../../dist/cli/api-worker.js'));
const demoApps = join(import.meta.dirname, '../../shared/demo/apps.yaml');

describe('the desktop API worker', () => {
  it('answers calls, and asks the face for the file dialog', async () => {
    const asked: string[] = [];
    const api = startApiWorker(
      workerFile,
      {
        catalog: { demo: true, noContexts: true },
        historyDir: null,
        refreshIntervalSeconds: 30,
        electron: true,
      },
      {
        chooseSnapshot: async () => {
          asked.push('chooseSnapshot');
          return demoApps;
        },
      },
    );
    try {
      const overview = await api.call('overview', { cluster: 'demo' });
      expect(
        overview.ok && (overview.value as { pipelines: { total: number } }).pipelines.total,
      ).toBeGreaterThan(0);
      const opened = await api.call('openSnapshot', {});
      expect(opened).toEqual({
        ok: true,
        value: { cluster: { name: 'apps', kind: 'snapshot', isDefault: false } },
      });
      expect(asked).toEqual(['chooseSnapshot']);
      const bad = await api.call('overview', { cluster: 42 });
      expect(bad).toMatchObject({ ok: false, error: { error: { code: 'bad-request' } } });
      // No host function for links: a one-line error, not a hang.
      const link = await api.call('openExternal', { url: 'https://fluxcd.io' });
      expect(link).toMatchObject({
        ok: false,
        error: { error: { message: 'openExternal is not available here' } },
      });
    } finally {
      await api.close();
    }
  });

  it('a call after close starts a fresh worker', async () => {
    const api = startApiWorker(workerFile, {
      catalog: { demo: true, noContexts: true },
      historyDir: null,
      refreshIntervalSeconds: 30,
      electron: false,
    });
    const pending = api.call('overview', { cluster: 'demo' });
    await api.close();
    expect(await pending).toMatchObject({ ok: false, error: { error: { code: 'internal' } } });
    expect(await api.call('clusters', {})).toEqual({
      ok: true,
      value: { clusters: [{ name: 'demo', kind: 'demo', isDefault: true }] },
    });
    await api.close();
  });
});
