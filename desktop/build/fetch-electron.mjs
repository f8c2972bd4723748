// postinstall: give a normal machine Electron's binary at install time, and never fail the install
// where it cannot be downloaded (offline CI, registry-only networks). Electron >= 42 has no install
// script of its own; its `install-electron` command (electron/install.js) fetches the binary, and
// `electron` fetches it on first use too, so skipping here only delays the download.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronInstaller() {
  try {
    return require.resolve('electron/install.js');
  } catch {
    return undefined; // installed as a package (electron is a devDependency): nothing to fetch
  }
}

const installer = electronInstaller();
if (installer && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  const run = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    const reason =
      `${run.stderr ?? ''}`
        .split('\n')
        .find((line) => line.trim())
        ?.trim() ?? 'no output';
    console.log(
      `cub-scout: Electron's binary was not downloaded (${reason.slice(0, 160)}). ` +
        'The CLI, `cub-scout ui` and `npm run build` work without it; `npm run desktop` fetches it on first use.',
    );
  }
}
