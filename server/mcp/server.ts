// The MCP server: tools grouped in toolsets (like kubernetes-mcp-server), so a client can be given
// only some of them, and the why-not-deployed prompt. Built once per stdio connection and once per
// HTTP request (stateless); what is expensive (engines, indexes) lives in the shared McpContext.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { VERSION } from '../cli/version.js';
import { registerBatchTools } from './batch-tools.js';
import { registerClusterTools } from './cluster-tools.js';
import type { McpContext } from './context.js';
import { registerDiffTool } from './diff-tools.js';
import { registerDrillTools } from './drill-tools.js';
import { registerPrompts } from './prompts.js';
import { ALL_TOOLSETS, type Toolset } from './toolsets.js';
import { registerTraceTools } from './trace-tools.js';

const TOOLSETS: Record<Toolset, (server: McpServer, context: McpContext) => void> = {
  trace: (server, context) => {
    registerTraceTools(server, context);
    registerDiffTool(server, context);
    registerDrillTools(server, context);
  },
  cluster: (server, context) => {
    registerClusterTools(server, context);
    registerBatchTools(server, context);
  },
};

export { ALL_TOOLSETS, parseToolsets, type Toolset } from './toolsets.js';

export function createMcpServer(context: McpContext, toolsets: readonly Toolset[] = ALL_TOOLSETS): McpServer {
  const server = new McpServer(
    { name: 'cub-scout', title: 'cub-scout', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions:
        'cub-scout traces Kubernetes objects up their GitOps delivery chain (Flux, Argo CD, Helm, ConfigHub) and says where it breaks. It only reads clusters. For "why is my change not deployed / not updated", call trace_resource with the name the user gave; see the why-not-deployed prompt.',
    },
  );
  for (const toolset of toolsets) TOOLSETS[toolset](server, context);
  registerPrompts(server);
  return server;
}
