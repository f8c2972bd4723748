// electron-vite: the desktop app's three bundles, from desktop/ into out/.
//   out/main      the main process, and the worker running the desktop API handlers over shared/
//   out/preload   the one narrow bridge (CommonJS: Electron's sandboxed preloads cannot be ESM)
//   out/renderer  the React app; `cub-scout ui` serves the same files to a browser
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'electron-vite';

const root = import.meta.dirname;
const rendererHtml = resolve(root, 'desktop/renderer/index.html');

const config: UserConfig = {
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(root, 'desktop/main/index.ts'),
          // The desktop API handlers run in a worker thread (whole-cluster work never stalls main).
          'api-worker': resolve(root, 'shared/desktop-api/api-worker.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(root, 'desktop/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
};

// The renderer is built once its page exists (it is written alongside the main process).
if (existsSync(rendererHtml)) {
  config.renderer = {
    root: resolve(root, 'desktop/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: rendererHtml },
    },
  };
}

export default defineConfig(config);
