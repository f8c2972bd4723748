// The cross-check with the delivery systems' own CLIs (`cub-scout trace --via flux|argocd`): what
// their CLI answered, parsed into a TraceResult, and where it differs from ours and why. Printed
// as the `via` field of `trace --via ... -o json`; fields are only ever added.
import { z } from 'zod';
import { TraceResultSchema } from './trace-result.js';

export const ViaToolSchema = z.enum(['flux', 'argocd']);
export type ViaTool = z.infer<typeof ViaToolSchema>;

export const DifferenceSchema = z.object({
  /** What differs: managed (the ownership verdict), chain (links one side has and the other not),
   * ready, status (one side says broken, the other does not say), revision (of a link), running and
   * expected (the revision that runs and the one Git wants, from the diagnosis). */
  aspect: z.enum(['managed', 'chain', 'ready', 'status', 'revision', 'running', 'expected']),
  /** `Kind/name` of the link it is about, when it is about one. */
  link: z.string().optional(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  /** Why the answers differ: what each tool looks at. */
  why: z.string(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

export const CrossCheckSchema = z.object({
  tool: ViaToolSchema,
  /** The command line that ran (program and arguments; never the environment). */
  command: z.array(z.string()),
  /** Their answer in our model; absent when the CLI could not answer (see warning). */
  theirs: TraceResultSchema.optional(),
  /** Why there is no answer, or what limits it (one line). */
  warning: z.string().optional(),
  /** Where their answer and ours differ; empty when they agree or there is no answer. */
  differences: z.array(DifferenceSchema),
});
export type CrossCheck = z.infer<typeof CrossCheckSchema>;
