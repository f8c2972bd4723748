// One saved trace. Records are files other faces (the desktop app) read too, so the schema is a
// contract like TraceResult: add fields, never rename or remove them.
import { z } from 'zod';
import { ResourceRefSchema, TraceResultSchema } from '../model/trace-result.js';

export const FaceSchema = z.enum(['cli', 'mcp', 'desktop']);
export type Face = z.infer<typeof FaceSchema>;

export const HistoryRecordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  savedAt: z.string(),
  /** Which face traced: cli, mcp, desktop. */
  face: FaceSchema,
  /** The kubeconfig context asked for; null = the current context, or a snapshot. */
  context: z.string().nullable(),
  /** Where the state came from, as the engine names it: `context prod`, `snapshot ./cluster`. */
  source: z.string(),
  object: ResourceRefSchema,
  result: TraceResultSchema,
});
export type HistoryRecord = z.infer<typeof HistoryRecordSchema>;
