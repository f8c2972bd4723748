// The `trace` toolset: trace_resource (find an object by what a person calls it and trace its
// delivery chain) and get_trace_history (earlier traces and what changed between them).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { readChainEvents } from '../../shared/drill/events.js';
import type { Engine } from '../../shared/engine.js';
import { clip } from '../../shared/errors/clip.js';
import { badInput, CubScoutError } from '../../shared/errors/index.js';
import {
  chooseTarget,
  describeFound,
  type FoundObject,
  findObjects,
  similarNames,
  traceFound,
} from '../../shared/find.js';
import { deployerHistory, renderDeployerHistory } from '../../shared/history/deployer.js';
import { rememberTrace } from '../../shared/history/index.js';
import type { HistoryRecord } from '../../shared/history/record.js';
import { DeployerHistorySchema } from '../../shared/model/deployer-history.js';
import { ChainEventsSchema } from '../../shared/model/drilldowns.js';
import { type TraceResult, TraceResultSchema } from '../../shared/model/trace-result.js';
import { renderEventsText } from '../../shared/render/events.js';
import { plainStyle } from '../../shared/render/style.js';
import { renderTraceText } from '../../shared/render/text.js';
import type { McpContext } from './context.js';
import { bounded, guarded, progressSender, success } from './results.js';
import { READ_ONLY, resourceInput, targetInput } from './schemas.js';

const MAX_CANDIDATES = 20;
/** Events in a trace answer: failing links only, a few each, messages cut. */
const MCP_EVENT_BOUNDS = { unhealthyOnly: true, perLink: 5, messageChars: 300 } as const;

/** One object, the way people name it (trace_resource, diff_resource). */
export const OBJECT_INPUT = {
  resource: resourceInput,
  kind: z
    .string()
    .max(253)
    .optional()
    .describe('Kind, if known: deployment, deploy, ks, hr, helmrelease, application...'),
  name: z
    .string()
    .max(253)
    .optional()
    .describe('Object name, when resource is not given or holds the kind only'),
  namespace: z.string().max(253).optional().describe('Namespace; omit to search every namespace'),
  ...targetInput,
};

const FoundSchema = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  apiVersion: z.string(),
});

export const TraceOutputSchema = z.object({
  outcome: z
    .enum(['traced', 'ambiguous'])
    .describe('traced: `trace` holds the result. ambiguous: several objects match, see `candidates`.'),
  trace: TraceResultSchema.optional().describe('The delivery chain of the object, origin first'),
  alsoMatched: z
    .array(FoundSchema)
    .optional()
    .describe("Other objects with the same name that were not traced (e.g. the workload's Service)"),
  candidates: z.array(FoundSchema).optional().describe('When ambiguous: the objects to choose from'),
  omitted: z.number().int().optional().describe('Candidates left out of the list'),
  events: ChainEventsSchema.optional().describe(
    "When the chain is unhealthy: the recent Events of its failing links (the controllers' own explanations), warnings first, counted once",
  ),
});

const HistoryEntrySchema = z.object({
  id: z.string(),
  savedAt: z.string(),
  face: z.string().describe('Which face traced: cli, mcp or desktop'),
  context: z.string().nullable(),
  source: z.string(),
  object: z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() }),
  healthy: z.boolean(),
  brokenAt: z.string().nullable().describe('Kind/name of the first broken link, or null'),
  running: z.string().nullable(),
  expected: z.string().nullable(),
  summary: z.string(),
  changes: z
    .array(z.string())
    .nullable()
    .describe('What changed since the previous trace of the same object; null for its first trace'),
});

export const HistoryOutputSchema = z.object({
  entries: z.array(HistoryEntrySchema),
  total: z.number().int().describe('Matching traces in the store'),
  omitted: z.number().int().describe('Matching traces not returned (limit)'),
  skipped: z.number().int().describe('Damaged or half-written records that could not be read'),
  deployer: DeployerHistorySchema.optional().describe(
    "With deployer: true, the deployer's own history (Flux/Argo CD status.history, Helm release revisions) merged with the saved traces of the object, newest first",
  ),
});

export function registerTraceTools(server: McpServer, context: McpContext): void {
  server.registerTool(
    'trace_resource',
    {
      title: 'Trace a Kubernetes object up its delivery chain',
      description: `Find a Kubernetes object and trace it up its GitOps delivery chain (Flux, Argo CD, Helm, ConfigHub, kubectl): which source, Kustomization/HelmRelease/Application delivered it, the status and revision at every level, and where the chain breaks.

Use it first for "why isn't my change deployed?", "why is nginx not updated?", "who manages this?", "is X healthy?". Pass what the user said: resource "nginx" is enough (the kind is looked up among workloads, Services and Flux/Argo objects; the namespace across namespaces). "deployment/nginx" or kind+name narrow it. If several objects match, the result is outcome "ambiguous" with candidates (kind + namespace): pick the one the user means (or ask) and call again with kind and namespace.

How to answer from a trace: read trace.diagnosis.summary first. If trace.diagnosis.healthy is false, trace.diagnosis.brokenAt is the index in trace.chain of the first broken link: quote its kind/name, status, reason and message (the controller's error), and suggest the fix: trace.diagnosis.fix lists the commands to look closer and retry (flux, argocd, helm, kubectl; for the user to run, cub-scout never runs them). trace.diagnosis.running is the revision the cluster runs, trace.diagnosis.expected the one the source offers: when they differ, the change has not been applied yet and the broken link says why. chain is ordered origin first (Git/OCI source), the traced object last; ready=null means no signal. managed="never-managed" means no GitOps tool owns it (applied by hand).`,
      inputSchema: OBJECT_INPUT,
      outputSchema: TraceOutputSchema.shape,
      annotations: { title: 'Trace resource', ...READ_ONLY },
    },
    async (args, extra) =>
      guarded(async () => {
        const onProgress = progressSender(extra);
        const query = parseQuery(args);
        const cluster = context.pool.resolve(args.context);
        const engine = await context.pool.get(cluster.name);
        onProgress({ phase: 'load', message: `looking for ${query.name} in ${engine.source}` });
        const found = await findObjects(engine.index, query);
        const choice = chooseTarget(found);
        if (!choice) throw notFoundError(engine.index, query, engine.source);
        if ('candidates' in choice) {
          const { shown, omitted } = bounded(choice.candidates, MAX_CANDIDATES);
          return success(renderCandidates(query.name, shown, omitted), {
            outcome: 'ambiguous',
            candidates: shown,
            omitted,
          });
        }
        onProgress({ phase: 'trace', message: `tracing ${describeFound(choice.target)}` });
        const result = await traceFound(engine.index, choice.target, { now: context.now() });
        // What the controllers said about the failing links: a separate read, small for an assistant.
        const events = result.diagnosis.healthy
          ? undefined
          : await readChainEvents(engine.reader, result.chain, MCP_EVENT_BOUNDS);
        const asked = cluster.kind === 'context' ? cluster.name : undefined;
        const warning = await rememberTrace(context.history, 'mcp', asked, result);
        if (warning) result.warnings.push(warning);
        const text = renderTrace(result, choice.alsoMatched, context.now());
        return success(text + (events ? renderEventsText(events, plainStyle, context.now()) : ''), {
          outcome: 'traced',
          trace: result,
          alsoMatched: choice.alsoMatched,
          ...(events && (events.links.length || events.warnings.length) ? { events } : {}),
        });
      }),
  );

  server.registerTool(
    'get_trace_history',
    {
      title: 'Earlier traces and what changed',
      description: `Saved traces (made by trace_resource, the cub-scout CLI or the desktop app), newest first, each with what changed since the previous trace of the same object: health, the broken link, running/expected revisions, link statuses.

Use it for "when did this break?", "what changed since yesterday?", "did my fix work?". Filter with resource ("nginx", "deployment/nginx", "demo/deployment/nginx"), namespace and context. Returns at most limit entries (default 20) and how many were left out. For the current state call trace_resource; history only holds traces someone made.`,
      inputSchema: {
        resource: z
          .string()
          .max(600)
          .optional()
          .describe('Only this object: "nginx", "deployment/nginx" or "namespace/kind/name"'),
        namespace: z.string().max(253).optional().describe('Only objects in this namespace'),
        context: z.string().max(253).optional().describe('Only traces of this kubeconfig context'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(200)
          .optional()
          .describe('Entries to return (default 20, max 200)'),
        deployer: z
          .boolean()
          .optional()
          .describe(
            "Also read the deployer's own history of the object named by resource (reads the cluster of context): which revisions its Kustomization, HelmRelease, Helm release or Argo CD Application applied and when, merged with the saved traces",
          ),
      },
      outputSchema: HistoryOutputSchema.shape,
      annotations: { title: 'Trace history', ...READ_ONLY },
    },
    async (args) =>
      guarded(async () => {
        const store = context.history;
        if (!store) throw badInput('trace history is turned off for this server (started with --no-history)');
        const limit = args.limit ?? 20;
        const page = await store.page(
          {
            ...(args.resource ? { resource: args.resource } : {}),
            ...(args.namespace ? { namespace: args.namespace } : {}),
            ...(args.context ? { context: args.context } : {}),
          },
          limit,
        );
        const entries = page.entries.map(({ record, changes }) => historyEntry(record, changes));
        const omitted = page.total - entries.length;
        const skipped = page.skipped;
        const structured: z.infer<typeof HistoryOutputSchema> = {
          entries,
          total: page.total,
          omitted,
          skipped: skipped.length,
        };
        let text = renderHistory(entries, omitted, skipped.length);
        if (args.deployer) {
          if (!args.resource)
            throw badInput('deployer: true needs resource, the object whose deployer to read');
          const engine = await context.pool.get(context.pool.resolve(args.context).name);
          const target = await findOne(engine, historyTarget(args.resource, args.namespace));
          const trace = await traceFound(engine.index, target, { now: context.now() });
          structured.deployer = await deployerHistory(engine.reader, trace, { store, limit });
          text += `\n${renderDeployerHistory(structured.deployer)}`;
        }
        return success(text, structured);
      }),
  );
}

export interface TraceArgs {
  resource?: string | undefined;
  kind?: string | undefined;
  name?: string | undefined;
  namespace?: string | undefined;
  context?: string | undefined;
}

/** A history filter ("nginx", "deployment/nginx", "demo/deployment/nginx") as a find query. */
function historyTarget(resource: string, namespace: string | undefined): TraceArgs {
  const parts = resource.split('/').filter(Boolean);
  if (parts.length === 3) return { kind: parts[1], name: parts[2], namespace: parts[0] };
  return { resource, namespace };
}

/** The one object the arguments name, found like trace_resource finds it; several: say which. */
export async function findOne(engine: Engine, args: TraceArgs): Promise<FoundObject> {
  const query = parseQuery(args);
  const choice = chooseTarget(await findObjects(engine.index, query));
  if (!choice) throw notFoundError(engine.index, query, engine.source);
  if ('candidates' in choice)
    throw badInput(
      `${choice.candidates.length} objects are named "${query.name}": ${choice.candidates
        .slice(0, 10)
        .map(describeFound)
        .join(', ')}; give kind and namespace`,
    );
  return choice.target;
}

/** resource "deployment/nginx", "deployment nginx" or "nginx"; kind/name fields fill the gaps. */
export function parseQuery(args: TraceArgs): { name: string; kind?: string; namespace?: string } {
  const resource = args.resource?.trim() ?? '';
  let kind = args.kind?.trim() || undefined;
  let name = args.name?.trim() || undefined;
  const parts = resource.split(/[\s/]+/).filter(Boolean);
  if (parts.length > 2)
    throw badInput(`"${clip(resource)}" is not a resource: use "name", "kind/name" or "kind name"`);
  if (parts.length === 2) {
    kind ??= parts[0];
    name ??= parts[1];
  } else if (parts.length === 1) {
    if (name && !kind) kind = parts[0];
    else name ??= parts[0];
  }
  if (!name) throw badInput('nothing to trace: give resource ("nginx", "deployment/nginx") or name');
  return { name, ...(kind ? { kind } : {}), ...(args.namespace ? { namespace: args.namespace } : {}) };
}

export function notFoundError(
  index: Parameters<typeof similarNames>[0],
  query: { name: string; kind?: string; namespace?: string },
  source: string,
): CubScoutError {
  const what = query.kind
    ? `${clip(query.kind)}/${clip(query.name)}`
    : `no workload, Service or GitOps object named "${clip(query.name)}"`;
  const where = query.namespace ? `namespace ${query.namespace} of ${source}` : source;
  const similar = similarNames(index, query).map(describeFound);
  const unreadable = index.warnings.length ? ` (could not look everywhere: ${index.warnings[0]})` : '';
  const hint = `${similar.length ? `; similar: ${similar.join(', ')}` : ''}${unreadable}`;
  return new CubScoutError('not-found', `${query.kind ? `${what} not found` : what} in ${where}${hint}`);
}

function renderTrace(result: TraceResult, alsoMatched: FoundObject[], now: Date): string {
  const lines = [renderTraceText(result, { now }).trimEnd(), ''];
  const { diagnosis } = result;
  if (diagnosis.running || diagnosis.expected)
    lines.push(
      `running revision:  ${diagnosis.running ?? 'unknown'}`,
      `expected revision: ${diagnosis.expected ?? 'unknown'}`,
    );
  const broken = diagnosis.brokenAt === null ? undefined : result.chain[diagnosis.brokenAt];
  if (broken) {
    const where = `${broken.kind}${broken.namespace ? ` ${broken.namespace}/` : '/'}${broken.name}`;
    lines.push(
      `broken at: ${where}: ${broken.status ?? 'not ready'}${broken.reason ? ` (${broken.reason})` : ''}`,
    );
    if (broken.message) lines.push(`error: ${broken.message}`);
  }
  if (alsoMatched.length)
    lines.push(`also named ${result.object.name}: ${alsoMatched.map(describeFound).join(', ')}`);
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderCandidates(name: string, shown: FoundObject[], omitted: number): string {
  const lines = [
    `${shown.length + omitted} objects are named "${name}". Call trace_resource again with kind and namespace for the one meant:`,
    ...shown.map((f) => `- ${describeFound(f)}`),
  ];
  if (omitted) lines.push(`(${omitted} more not listed)`);
  return `${lines.join('\n')}\n`;
}

function historyEntry(record: HistoryRecord, changes: string[] | null): z.infer<typeof HistoryEntrySchema> {
  const { diagnosis, chain } = record.result;
  const broken = diagnosis.brokenAt === null ? undefined : chain[diagnosis.brokenAt];
  const o = record.object;
  return {
    id: record.id,
    savedAt: record.savedAt,
    face: record.face,
    context: record.context,
    source: record.source,
    object: { kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
    healthy: diagnosis.healthy,
    brokenAt: broken ? `${broken.kind}/${broken.name}` : null,
    running: diagnosis.running,
    expected: diagnosis.expected,
    summary: diagnosis.summary,
    changes,
  };
}

function renderHistory(
  entries: z.infer<typeof HistoryEntrySchema>[],
  omitted: number,
  skipped: number,
): string {
  if (entries.length === 0) return 'No saved traces match.\n';
  const lines = entries.map((e) => {
    const o = e.object;
    const state = e.healthy ? 'healthy' : `broken${e.brokenAt ? ` at ${e.brokenAt}` : ''}`;
    const changed =
      e.changes === null ? 'first trace' : e.changes.length ? e.changes.join('; ') : 'no change';
    return `${e.savedAt}  ${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}  ${state}  [${changed}]`;
  });
  if (omitted) lines.push(`(${omitted} older traces not shown; raise limit)`);
  if (skipped) lines.push(`(${skipped} damaged history records skipped)`);
  return `${lines.join('\n')}\n`;
}
