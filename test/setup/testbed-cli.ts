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
import { build, ROOT, stop, waitReady } from './testbed-process.js';

const DEMO_DIR = join(ROOT, 'shared', 'demo');

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
  let stopping: Promise<void> | undefined;
  const exited = new Promise<number>((done) => child.once('exit', (c) => done(c ?? 0)));
  // Ctrl-C reaches the whole process group, the test bed included: give it a moment to stop on
  // its own before sending SIGTERM (a second signal makes it exit without cleaning up).
  const shutdown = (graceMs: number) => {
    stopping ??= (async () => {
      process.stderr.write('stopping the test bed...\n');
      const onItsOwn = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!onItsOwn) await stop(child);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown(5_000).then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown(0).then(() => process.exit(0)));
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
        `  node dist/cli/bin.js trace deployment/nginx -n demo --kubeconfig ${kc} --context ${info.readonlyContext}`,
        '',
        'Ctrl-C stops it.',
        '',
      ].join('\n'),
    );
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    await shutdown(0);
    return 1;
  }
  const code = await exited;
  if (stopping) {
    await stopping;
    return 0;
  }
  process.stderr.write(`the test bed exited on its own (code ${code})\n`);
  rmSync(dir, { recursive: true, force: true });
  return code || 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
