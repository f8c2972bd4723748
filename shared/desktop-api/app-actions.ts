// Operations about the app rather than one cluster: adding a snapshot (the main process's own file
// dialog, or an upload in browser mode: the caller never names a path), what this mode can do, and
// opening a link outside the app.
import { mkdtemp, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { oneLine } from '../errors/index.js';
import { SnapshotReader } from '../reader/snapshot.js';
import type { ClusterEntryView } from './contract.js';
import type { HandlerDeps, Handlers } from './deps.js';
import { ApiError, clip, unsupported } from './errors.js';
import { isSafeExternalUrl } from './security.js';

type AppHandlers = Pick<Handlers, 'openSnapshot' | 'uploadSnapshot' | 'capabilities' | 'openExternal'>;

export function appHandlers(deps: HandlerDeps): AppHandlers {
  let uploads: Promise<string> | undefined;
  const uploadDir = () => {
    uploads ??= deps.uploadDir ? deps.uploadDir() : mkdtemp(join(tmpdir(), 'cub-scout-uploads-'));
    return uploads;
  };

  /** Read the snapshot once before it joins the catalog: a file that does not parse is refused. */
  async function addSnapshot(path: string, label: string): Promise<ClusterEntryView> {
    try {
      await SnapshotReader.load(path);
    } catch (e) {
      throw new ApiError('bad-input', `snapshot "${clip(label)}" cannot be read: ${oneLine(e)}`);
    }
    const entry = deps.catalog.addSnapshot(path, label);
    return { name: entry.name, kind: entry.kind, isDefault: false };
  }

  return {
    async openSnapshot() {
      if (!deps.chooseSnapshot)
        throw unsupported('opening a snapshot file needs the desktop app; upload it instead');
      const path = await deps.chooseSnapshot();
      if (!path) return {};
      return { cluster: await addSnapshot(path, snapshotLabel(path)) };
    },

    async uploadSnapshot({ name, content }) {
      const label = name.replace(/\.(ya?ml|json)$/i, '') || 'snapshot';
      const file = join(await uploadDir(), `${Date.now()}-${safeFileName(label)}${snapshotExtension(name)}`);
      await writeFile(file, content, { mode: 0o600 });
      try {
        return { cluster: await addSnapshot(file, label) };
      } catch (e) {
        await unlink(file).catch(() => undefined);
        throw e;
      }
    },

    async capabilities() {
      return {
        electron: deps.electron,
        drilldowns: { diff: true, logs: true, history: deps.history !== undefined },
        refreshIntervalSeconds: deps.refreshIntervalSeconds,
      };
    },

    async openExternal({ url }) {
      if (!deps.openExternal) throw unsupported('the browser opens links itself');
      if (!isSafeExternalUrl(url))
        throw new ApiError('bad-request', 'openExternal: only http(s) links are opened');
      await deps.openExternal(url);
      return { ok: true as const };
    },
  };
}

function snapshotLabel(path: string): string {
  const base =
    path
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? 'snapshot';
  return base.replace(/\.(ya?ml|json)$/i, '') || 'snapshot';
}

/** JSON stays JSON; everything else is read as YAML (JSON is YAML too). */
function snapshotExtension(name: string): string {
  return extname(name).toLowerCase() === '.json' ? '.json' : '.yaml';
}

function safeFileName(label: string): string {
  return label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
}
