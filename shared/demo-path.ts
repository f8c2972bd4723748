// The demo cluster snapshot ships with the package (shared/demo), so `cub-scout demo` and
// `--demo` work with no cluster at all, from a clone or from an installed package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'cub-scout') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cub-scout package root');
    dir = parent;
  }
}

export function demoPath(): string {
  return join(packageRoot(), 'shared', 'demo');
}
