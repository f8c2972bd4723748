// `npm run testbed`: the live test bed in the foreground, for people. Builds it (cached), starts
// it, loads the demo cluster (shared/demo) with the fixture loader, prints how to reach it, and
// stops it on Ctrl-C. The cluster is throw-away: nothing is kept after it stops.
//
//   npm run testbed                              # kubeconfig in a temp dir
//   npm run testbed -- --kubeconfig-out ./tb.kubeconfig
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenario } from '../helpers/fixtures.js';
import { DEMO_DIR } from '../helpers/scenario.js';
import { build, stop, waitReady } from './testbed-process.js';

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--kubeconfig-out');
  if (at >= 0 && !argv[at + 1]) {
    process.stderr.write('error: --kubeconfig-out needs a file\n');
    return 2;
  }
  const kubeconfigOut = at >= 0 ? resolve(argv[at + 1] as string) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cub-scout-testbed-'));
  process.stderr.write(
    'building the test bed (cached after the first time; the first build takes minutes)...\n',
  );
  const binDir = await build();
  const args = [
    '--state-dir',
    join(dir, 'state'),
    '--ready-file',
    join(dir, 'ready.json'),
    '--exit-with-parent',
  ];
  if (kubeconfigOut) args.push('--kubeconfig-out', kubeconfigOut);
  const child = spawn(join(binDir, 'testbed'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('stopping the test bed...\n');
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  try {
    const info = await waitReady(child, join(dir, 'ready.json'));
    const demo = await loadScenario(DEMO_DIR, info.kubeconfig, info.adminContext);
    const kc = info.kubeconfig;
    process.stdout.write(
      [
        '',
        `Test bed ready: ${info.server} (demo cluster loaded: ${demo.objects.length} objects)`,
        `kubeconfig: ${kc}`,
        `contexts:   ${info.adminContext} (admin), ${info.readonlyContext} (get/list/watch only)`,
        `audit log:  ${info.auditLog}`,
        '',
        'Try:',
        `  kubectl --kubeconfig ${kc} get kustomizations -A`,
        `  node dist/server/bin.js trace deployment/nginx -n demo --kubeconfig ${kc} --context ${info.readonlyContext}`,
        '',
        'Ctrl-C stops it.',
        '',
      ].join('\n'),
    );
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    await shutdown();
    return 1;
  }
  const code = await new Promise<number>((done) => child.once('exit', (c) => done(c ?? 0)));
  if (!stopping) {
    process.stderr.write(`the test bed exited on its own (code ${code})\n`);
    rmSync(dir, { recursive: true, force: true });
  }
  return stopping ? 0 : code || 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
