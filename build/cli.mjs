// `npm run build:cli`: the `cub-scout` CLI and MCP server as one ESM bundle in dist/cli/, built with
// esbuild. A bundle starts in a fraction of the time: no ESM resolution and no file read per module
// (hundreds of them, with node_modules). What only some commands need (the Kubernetes client, the
// MCP SDK, the YAML parsers) is behind dynamic import() in the sources, and esbuild's code
// splitting keeps it in chunks of its own that a process loads only when it takes that path.
//
// Everything lands flat in dist/cli/: the entries (bin.js, and the two worker threads the sources
// start with `new URL('./<worker>.js', import.meta.url)`) next to the shared chunks, so that those
// URLs resolve from whichever chunk the code ends up in.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** zod's namespace exports (`z.locales`) pull its 60-odd message locales into every bundle that
 * imports zod: over 300 KB to parse on each start. cub-scout speaks English (zod's default, set
 * by zod itself from the `en` locale), so the index of locales becomes one that holds only `en`. */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/** @kubernetes/client-node's index re-exports its whole generated API (a thousand model and API
 * classes); cub-scout uses KubeConfig and its authenticators only. Its modules have no top-level
 * side effects, but the package does not say so, so esbuild keeps everything it imports: marked
 * side-effect free here, the unused generated code drops out of the bundle (1.6 MB to parse on
 * every live command before). */
const kubernetesClientTreeShaken = {
  name: 'kubernetes-client-tree-shaken',
  setup(b) {
    const inClient = /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/;
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const fromClient = inClient.test(args.importer);
      if (!fromClient && args.path !== '@kubernetes/client-node') return undefined;
      const resolved = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0 || !inClient.test(resolved.path)) return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};
const outdir = join(root, 'dist', 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    bin: 'server/bin.ts',
    'cluster-worker': 'server/mcp/cluster-worker.ts',
    'api-worker': 'shared/desktop-api/api-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS dependencies call require() for Node built-ins: give the ESM output one.
  banner: {
    js: "import { createRequire as __cubScoutRequire } from 'node:module'; const require = __cubScoutRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [englishOnlyZod, kubernetesClientTreeShaken],
});

// The demo cluster (shared/demo/*.yaml) as one JSON List, read by `--demo` from the bundle
// (shared/demo-path.ts). Parsed the way the snapshot reader parses YAML without aliases
// (shared/reader/snapshot-files.ts: js-yaml, YAML 1.2 core schema); empty documents dropped.
const demoDir = join(root, 'shared', 'demo');
const items = readdirSync(demoDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort((a, b) => a.localeCompare(b)) // as the snapshot reader orders a directory
  .flatMap((f) => loadAll(readFileSync(join(demoDir, f), 'utf8'), undefined, { schema: CORE_SCHEMA }))
  .filter((doc) => doc !== null && doc !== undefined);
writeFileSync(join(outdir, 'demo.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
