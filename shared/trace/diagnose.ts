// Diagnosis: the first broken link counted from the origin, what runs versus what should, and one
// sentence a person or an AI assistant can repeat.
import type { ChainLink, Diagnosis, Evidence, Managed, Tool } from '../model/trace-result.js';
import type { KubeObject } from '../reader/types.js';
import { fixCommands } from './fix.js';
import { sameRevision } from './flux-revisions.js';
import { displayName } from './status.js';

export interface DiagnoseInput {
  obj: KubeObject;
  chain: ChainLink[];
  managed: Managed;
  tool: Tool;
  system: boolean;
  running: string | null;
  expected: string | null;
  evidence: Evidence[];
  now: Date;
  orphanReason?: string | undefined;
}

/** Why a link breaks the chain, or undefined when it does not. */
export function linkProblem(link: ChainLink): string | undefined {
  if (link.missing) return 'does not exist';
  if (link.suspended) return 'is suspended';
  if (link.ready === false) {
    const why = [link.reason, link.message].filter(Boolean).join(': ');
    return why ? `failed (${why})` : `is not ready (${link.status ?? 'no reason given'})`;
  }
  if (link.reconciled === false) return 'has a spec change its controller has not reconciled yet';
  return undefined;
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const { chain, managed, running, expected } = input;
  const brokenAt = chain.findIndex((l) => linkProblem(l) !== undefined);
  const stale = !!(running && expected && !sameRevision(running, expected));
  const healthy = brokenAt < 0 && !stale && managed !== 'orphaned';
  const diagnosis: Diagnosis = {
    healthy,
    brokenAt: brokenAt < 0 ? null : brokenAt,
    running,
    expected,
    stale,
    summary: summarize(input, brokenAt < 0 ? undefined : (chain[brokenAt] as ChainLink), stale),
  };
  const fix = healthy ? [] : fixCommands(chain, diagnosis);
  if (fix.length) diagnosis.fix = fix;
  return diagnosis;
}

function summarize(input: DiagnoseInput, broken: ChainLink | undefined, stale: boolean): string {
  const { obj, chain, managed, running, expected, tool } = input;
  const self = displayName({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
  const deployer = [...chain].reverse().find((l) => l.role === 'deployer' || l.role === 'release');

  if (input.system) return `${self} is created by the cluster itself, not delivered by GitOps.`;
  if (managed === 'never-managed') {
    const how = handAppliedPhrase(input.evidence, tool);
    return `${self} is not managed by GitOps${how}.`;
  }
  if (managed === 'orphaned') {
    const was = deployer ? displayName(deployer) : 'its deployer';
    if (input.orphanReason) return `${self} was managed by ${was}, but ${input.orphanReason}.`;
    const why = deployer?.missing ? `${was} no longer exists` : `${was} no longer lists it`;
    return `${self} was managed by ${was}, but ${why}: it is orphaned and will not be updated or pruned.`;
  }

  const parts: string[] = [];
  if (broken) parts.push(brokenPhrase(chain, broken));
  if (stale) {
    parts.push(`${self} still runs ${running} while the source is at ${expected}`);
  } else if (!broken) {
    const at = running ? ` at ${running}` : '';
    if (!deployer) return `${self} is reconciled${at}; every link in the chain is ready.`;
    return `${self} is delivered by ${displayName(deployer)}${at}; every link in the chain is ready.`;
  } else if (running) {
    parts.push(`${self} runs ${running}`);
  }
  return `${parts.join('; ')}.`;
}

/** What the first broken link does to the chain. A dependency blocks the deployer after it: name
 * the deployer that waits and why the dependency is not ready. */
function brokenPhrase(chain: ChainLink[], broken: ChainLink): string {
  if (broken.role !== 'dependency') return `${displayName(broken)} ${linkProblem(broken)}`;
  const after = chain.slice(chain.indexOf(broken) + 1);
  const waiting = after.find((l) => l.role !== 'dependency' && l.kind === broken.kind);
  const why = broken.missing
    ? 'which does not exist'
    : broken.suspended
      ? 'which is suspended'
      : broken.ready === false
        ? `which failed: ${[broken.reason, broken.message].filter(Boolean).join(': ') || broken.status}`
        : `which is not ready (${broken.status ?? 'no reason given'})`;
  return `${waiting ? displayName(waiting) : 'the next deployer'} is blocked by ${displayName(broken)}, ${why}`;
}

function handAppliedPhrase(evidence: Evidence[], tool: Tool): string {
  if (tool === 'kustomize') return ' (applied with standalone kustomize)';
  const external = evidence.filter((e) => e.kind === 'externalOwner').map((e) => `${e.key} ${e.value}`);
  if (external.length) return ` (kept by ${external.join(' and ')})`;
  const lastApplied = evidence.some((e) => e.key === 'kubectl.kubernetes.io/last-applied-configuration');
  const managers = [...new Set(evidence.filter((e) => e.kind === 'managedField').map((e) => e.key))];
  if (lastApplied && managers.length)
    return ` (applied by hand with kubectl apply; field managers: ${managers.join(', ')})`;
  if (lastApplied) return ' (applied by hand with kubectl apply)';
  if (managers.length) return ` (last written by: ${managers.join(', ')})`;
  return ' and no tool left a mark on it';
}
