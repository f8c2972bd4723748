// `flux trace` text into our model. The format (../../docs: gitops-facts.md, flux2 cmd/flux/trace.go):
// a leading empty line, blocks separated by `---`; the first block names the object (`Object:
// Kind/name`, `Namespace:`, `Status: Managed by Flux`), each later block opens with `<Kind>: <name>`
// (the Kustomization or HelmRelease that labelled the object, then its HelmChart and source) and
// holds `Key: value` lines padded to different widths; `Message:` may run on over lines without a
// key. `Status:` says `Last reconciled at <time>` even when the object's Ready condition is False,
// so this text cannot tell readiness except for sources (`Last reconciliation failed at`).
// An object Flux does not manage prints `failed to trace ...: object not managed by Flux` on stderr
// and exits 0. Nothing here throws: any text gives a result or a one-line reason.
import type { ChainLink, LinkRole, ResourceRef, TraceResult } from '../model/trace-result.js';
import { refLink, theirResult } from './their-result.js';

const FLUX_KINDS: Record<string, { apiVersion: string; role: LinkRole }> = {
  Kustomization: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', role: 'deployer' },
  HelmRelease: { apiVersion: 'helm.toolkit.fluxcd.io/v2', role: 'deployer' },
  HelmChart: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'chart' },
  GitRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'source' },
  OCIRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'source' },
  HelmRepository: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'source' },
  Bucket: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'source' },
  ExternalArtifact: { apiVersion: 'source.toolkit.fluxcd.io/v1', role: 'source' },
};

/** Keys flux trace prints; a line starting with another `Word:` inside a Message is message text. */
const KEYS = new Set([
  'Object',
  'Namespace',
  'Status',
  'Target',
  'Path',
  'Revision',
  'Message',
  'URL',
  'Branch',
  'Tag',
  'Semver',
  'Commit',
  'Digest',
  'Chart',
  'Version',
  'Origin Revision',
  'Origin Source',
  ...Object.keys(FLUX_KINDS),
]);

export type Block = Array<[key: string, value: string]>;

export interface Parsed {
  theirs?: TraceResult;
  /** Why there is no answer (one line). */
  warning?: string;
}

/** Split flux trace text into blocks of key/value pairs. Within a block every key is padded to
 * the same value column: a line that starts with a key but whose value is not at that column (a
 * message line reading "Status: ...") continues the Message. */
export function fluxTraceBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let block: Block = [];
  let column = -1;
  let lastKey = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '---') {
      if (block.length) blocks.push(block);
      block = [];
      column = -1;
      lastKey = '';
      continue;
    }
    const match = /^([A-Z][A-Za-z]*(?: [A-Z][a-z]+)?):(\s*)(.*)$/.exec(line);
    const key = match?.[1] ?? '';
    const valueAt = key.length + 1 + (match?.[2]?.length ?? 0);
    const isKey = match && KEYS.has(key) && (column < 0 || valueAt === column || match[3] === '');
    if (match && isKey) {
      if (column < 0 && match[3] !== '') column = valueAt;
      lastKey = key;
      block.push([key, (match[3] as string).trim()]);
    } else if (lastKey === 'Message' && line.trim()) {
      const last = block.at(-1);
      if (last) last[1] = last[1] ? `${last[1]}\n${line.trim()}` : line.trim();
    }
  }
  if (block.length) blocks.push(block);
  return blocks;
}

function value(block: Block, key: string): string | null {
  const found = block.find(([k]) => k === key);
  return found && found[1] !== '' ? found[1] : null;
}

/** Read what `flux trace` printed about `object`. */
export function parseFluxTrace(
  stdout: string,
  stderr: string,
  object: ResourceRef,
  now: Date = new Date(),
): Parsed {
  const failure = /failed to trace [^\n]*?:\s*([^\n]+)/.exec(stderr);
  if (failure && /not managed by Flux/i.test(failure[1] as string)) return { theirs: unmanaged(object, now) };
  if (failure) return { warning: `flux trace failed: ${(failure[1] as string).trim()}` };
  const blocks = fluxTraceBlocks(stdout);
  const head = blocks[0];
  const objectName = head ? value(head, 'Object') : null;
  if (!head || !objectName) return { warning: 'flux trace printed no trace (no "Object:" line)' };
  const links: ChainLink[] = [];
  for (const block of blocks.slice(1)) {
    const first = block[0];
    const info = first ? FLUX_KINDS[first[0]] : undefined;
    if (!first || !info || !first[1]) continue;
    links.push(blockLink(first[0], first[1], block, info));
  }
  // flux trace prints the deployer first, then what it came from: our chains start at the origin.
  links.reverse();
  const viaHelm = links.some((l) => l.kind === 'HelmRelease');
  for (const link of links) if (viaHelm && link.role === 'source') link.role = 'chart-source';
  const slash = objectName.indexOf('/');
  const self = refLink(
    {
      apiVersion: object.apiVersion,
      kind: slash > 0 ? objectName.slice(0, slash) : object.kind,
      name: slash > 0 ? objectName.slice(slash + 1) : objectName,
      ...(value(head, 'Namespace') ? { namespace: value(head, 'Namespace') as string } : {}),
    },
    'object',
  );
  self.status = value(head, 'Status');
  const chain = [...links, self];
  const managed = /Managed by Flux/i.test(value(head, 'Status') ?? '');
  return { theirs: result(object, chain, managed, now) };
}

function blockLink(kind: string, name: string, block: Block, info: { apiVersion: string; role: LinkRole }) {
  const status = value(block, 'Status');
  const ns = value(block, 'Namespace');
  const link = refLink(
    { apiVersion: info.apiVersion, kind, name, ...(ns ? { namespace: ns } : {}) },
    info.role,
    'flux',
  );
  // Only a source's block says "failed"; for the others the text cannot tell (see the header).
  link.ready = status && /failed/i.test(status) ? false : null;
  link.status = status;
  link.message = value(block, 'Message');
  link.revision = value(block, 'Revision');
  link.path = value(block, 'Path');
  link.url = value(block, 'URL');
  const details: Record<string, string> = {};
  for (const key of ['Target', 'Branch', 'Tag', 'Semver', 'Commit', 'Digest', 'Chart', 'Version']) {
    const v = value(block, key);
    if (v) details[key.toLowerCase()] = v;
  }
  for (const key of ['Origin Revision', 'Origin Source']) {
    const v = value(block, key);
    if (v) details[key === 'Origin Revision' ? 'originRevision' : 'originSource'] = v;
  }
  if (Object.keys(details).length) link.details = details;
  return link;
}

function unmanaged(object: ResourceRef, now: Date): TraceResult {
  const self = refLink(object, 'object');
  self.status = 'not managed by Flux';
  const summary = `flux trace: ${object.kind} ${object.name} is not managed by Flux`;
  return theirResult(
    object,
    [self],
    { tool: 'none', managed: false, running: null, expected: null, summary },
    now,
  );
}

function result(object: ResourceRef, chain: ChainLink[], managed: boolean, now: Date): TraceResult {
  const deployer = chain.find((l) => l.role === 'deployer');
  const source = chain.find((l) => l.role === 'source');
  const running = deployer?.revision ?? null;
  // A Kustomization's revision and its source's are the same kind of string; a HelmRelease's is a
  // chart version, not comparable with its chart source's.
  const expected = deployer?.kind === 'Kustomization' ? (source?.revision ?? null) : null;
  const by = deployer ? ` by ${deployer.kind} ${deployer.namespace ?? ''}/${deployer.name}` : '';
  const summary = `flux trace: ${object.kind} ${object.name} ${managed ? `managed${by}` : 'not managed by Flux'}${running ? ` at ${running}` : ''}`;
  return theirResult(object, chain, { tool: 'flux', managed, running, expected, summary }, now);
}
