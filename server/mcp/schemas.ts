// Input fields and annotations every tool shares.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** cub-scout only reads: every tool is safe to call again and again. It talks to clusters the
 * user's kubeconfig names, which are outside the server: open world. */
export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

export const resourceInput = z
  .string()
  .max(600)
  .optional()
  .describe('What to trace, as the user said it: "nginx", "deployment/nginx", "ks/apps", "deploy nginx"');

/** The cluster a tool reads, by name: one of those the server was started with (list_contexts
 * lists them). Never a path: a caller cannot make the server read a file. */
export const targetInput = {
  context: z
    .string()
    .max(253)
    .optional()
    .describe(
      'Cluster to read, by name (see list_contexts): a kubeconfig context, "demo", or a snapshot the server was started with; omit for the server default',
    ),
};
