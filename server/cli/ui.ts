// `cub-scout ui`: the desktop app in a browser. Serves the built renderer and the desktop API on
// 127.0.0.1 with a random token in the URL, for users without Electron (a remote box through an SSH
// tunnel) and for the browser tests. Loads neither Electron nor React: only Node's http server.
import { Command, InvalidArgumentError } from 'commander';
import { addClusterOptions, portNumber } from './common.js';

export interface UiOptions {
  port: number;
  open?: boolean;
  demo?: boolean;
  snapshot?: string[];
  context?: string;
  kubeconfig?: string;
  historyDir?: string;
  history?: boolean;
  refreshInterval: number;
}

export function uiCommand(): Command {
  const command = new Command('ui')
    .description('serve the desktop app to a browser on 127.0.0.1 (no Electron needed)')
    .option('--port <n>', 'port to listen on (0 = any free port)', portNumber, 0)
    .option('--open', "open the app in the system's browser")
    .option(
      '--refresh-interval <seconds>',
      'refresh what is on screen in the background this often (live clusters)',
      seconds,
      30,
    )
    .option(
      '--history-dir <dir>',
      'the history store (default: $CUB_SCOUT_HISTORY_DIR, then the user data dir)',
    )
    .option('--no-history', 'do not save traces');
  addClusterOptions(command);
  // Several snapshots, each a cluster of its own in the app.
  const snapshot = command.options.find((o) => o.long === '--snapshot');
  if (snapshot) {
    snapshot.description = 'add a snapshot (file or directory) as a cluster; repeat for several';
    snapshot.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  }
  command.addHelpText(
    'after',
    `
Every context of the kubeconfig is listed (KUBECONFIG files merged, else ~/.kube/config), plus the
demo with --demo and each --snapshot. The URL printed carries a random token: only that URL (and
the page it opens) may use the server. It listens on 127.0.0.1 only; from another machine, use an
SSH tunnel: ssh -L 8080:127.0.0.1:8080 host 'cub-scout ui --port 8080'.

Examples:
  cub-scout ui --demo --open
  cub-scout ui --port 8080 --snapshot ./prod.yaml --snapshot ./staging/`,
  );
  command.action(async (options: UiOptions) => {
    const { serveUi } = await import('../ui/serve.js');
    await serveUi(options);
  });
  return command;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 5 || n > 86_400)
    throw new InvalidArgumentError('expected seconds between 5 and 86400');
  return n;
}
