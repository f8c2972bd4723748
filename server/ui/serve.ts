// Run `cub-scout ui` until interrupted: the catalog of clusters fixed at start, the handlers, the
// HTTP server; print the URL (and open it with --open).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ClusterCatalog } from '../../shared/cluster-catalog.js';
import { packageRoot } from '../../shared/demo-path.js';
import { ClusterEngines } from '../../shared/desktop-api/engines.js';
import { createHandlers, dispatch } from '../../shared/desktop-api/handlers.js';
import { historyStore } from '../../shared/history/index.js';
import type { UiOptions } from '../cli/ui.js';
import { startUiServer } from './server.js';

export async function serveUi(options: UiOptions): Promise<void> {
  const catalog = new ClusterCatalog({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.demo ? { demo: true } : {}),
    ...(options.snapshot?.length ? { snapshots: options.snapshot } : {}),
  });
  if (options.context) catalog.resolve(options.context); // a one-line error for an unknown context
  const engines = new ClusterEngines(catalog, { maxAgeMs: options.refreshInterval * 1000 });
  const handlers = createHandlers({
    catalog,
    engines,
    history: historyStore({
      ...(options.historyDir ? { historyDir: options.historyDir } : {}),
      ...(options.history === false ? { history: false } : {}),
    }),
    electron: false,
    refreshIntervalSeconds: options.refreshInterval,
  });
  const running = await startUiServer({
    call: (op, payload) => dispatch(handlers, op, payload),
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
  await engines.close();
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
