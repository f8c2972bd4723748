import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built bin: build once before the suite. Then the live test bed (a real
    // kube-apiserver, test/cluster) is built (cached) and started for test/live.
    globalSetup: ['test/setup/build.ts', 'test/setup/testbed.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // What cub-scout caches goes to a directory of this run, not the user's; discovery is not kept
    // on disk (stand-in servers come and go on reused ports) except where a test turns it on.
    env: {
      CUB_SCOUT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'cub-scout-test-cache-')),
      CUB_SCOUT_DISCOVERY_TTL: '0',
    },
  },
});
