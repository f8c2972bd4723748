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
  .optional()
  .describe('What to trace, as the user said it: "nginx", "deployment/nginx", "ks/apps", "deploy nginx"');

/** The cluster a tool reads: a kubeconfig context (list_contexts lists them). */
export const targetInput = {
  context: z
    .string()
    .optional()
    .describe(
      'kubeconfig context (see list_contexts); omit for the server default (current context or its snapshot)',
    ),
};
