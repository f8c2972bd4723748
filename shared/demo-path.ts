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

/** The demo's objects as the CLI bundle ships them: parsed from shared/demo/*.yaml at build time
 * into demo.json next to the bundle's chunks (build/cli.mjs), so that `--demo` parses no YAML at
 * start. Undefined when this code runs from the sources (or the desktop's build): read the YAML. */
export function compiledDemoObjects(): unknown[] | undefined {
  const file = fileURLToPath(new URL('./demo.json', import.meta.url));
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { items: unknown[] }).items;
}
