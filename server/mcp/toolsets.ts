// Toolset names, apart from the server itself so that `cub-scout --help` need not load the MCP SDK.
import { badInput } from '../../shared/errors/index.js';

export const ALL_TOOLSETS = ['trace', 'cluster'] as const;
export type Toolset = (typeof ALL_TOOLSETS)[number];

/** The tools each toolset registers (server.ts registers them; the protocol guard checks calls). */
export const TOOLS_OF: Record<Toolset, string[]> = {
  trace: ['trace_resource', 'get_trace_history', 'diff_resource', 'get_workload_logs'],
  cluster: ['list_contexts', 'list_pipelines', 'scan_ccve'],
};

export function parseToolsets(value: string | undefined): Toolset[] {
  if (!value) return [...ALL_TOOLSETS];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(ALL_TOOLSETS as readonly string[]).includes(name))
      throw badInput(`unknown toolset "${name}"; known: ${ALL_TOOLSETS.join(', ')}`);
  return names as Toolset[];
}
