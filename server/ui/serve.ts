// Run `cub-scout ui` until interrupted: the clusters fixed at start, the desktop API handlers in a
// worker thread (reading a big cluster never stalls this server), the HTTP server; print the URL
// (and open it with --open).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type CatalogStartOptions, ClusterCatalog } from '../../shared/cluster-catalog.js';
import { packageRoot } from '../../shared/demo-path.js';
import { withFrontDesk } from '../../shared/desktop-api/front-desk.js';
import { startApiWorker } from '../../shared/desktop-api/worker-client.js';
import type { UiOptions } from '../cli/ui.js';
import { startUiServer } from './server.js';

export async function serveUi(options: UiOptions): Promise<void> {
  const start: CatalogStartOptions = {
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.demo ? { demo: true } : {}),
    ...(options.snapshot?.length ? { snapshots: options.snapshot } : {}),
  };
  // Checked here so that a bad start is a one-line error and an exit, not a server that fails later.
  const catalog = new ClusterCatalog(start);
  if (options.context) catalog.resolve(options.context);
  // The bundle (build/cli.mjs) puts the worker next to this code, flat in dist/cli/.
  const api = startApiWorker(new URL('./api-worker.js', import.meta.url), {
    catalog: start,
    historyDir: options.history === false ? null : options.historyDir,
    refreshIntervalSeconds: options.refreshInterval,
    electron: false,
  });
  const running = await startUiServer({
    call: withFrontDesk(api.call, start),
    rendererDir: join(packageRoot(), 'out', 'renderer'),
    port: options.port,
  });
  // Without a kubeconfig, a user who chose the demo or a snapshot needs no warning.
  if (catalog.kubeconfigProblem && catalog.list().length === 0)
    process.stderr.write(`warning: ${catalog.kubeconfigProblem}\n`);
  process.stdout.write(`cub-scout ui: ${running.url}\n(listening on 127.0.0.1 only; Ctrl-C stops)\n`);
  if (options.open) openInBrowser(running.url);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  await api.close();
}

/** The platform's own opener; a failure only means the user opens the printed URL by hand. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`could not open a browser: open ${url} yourself\n`));
  child.unref();
}
