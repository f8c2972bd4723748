// What the whole-cluster tools answer (their output schemas) and their default page sizes, apart
// from the code that computes the answers (batch-answers.ts, run in a worker thread), so that the
// server's main thread, which only lists and forwards, does not load that code.
import { z } from 'zod';
import { PipelinesReportSchema } from '../../shared/pipelines/model.js';
import { ScanReportSchema } from '../../shared/scan/model.js';

export const DEFAULT_PIPELINES_LIMIT = 50;
export const DEFAULT_FINDINGS_LIMIT = 50;

const pageFields = {
  omitted: z.number().int().describe('Items after this page (more pages, or a narrower filter)'),
  nextCursor: z.string().optional().describe('Pass as cursor to get the next page; absent on the last page'),
  more: z.string().optional().describe('What was left out of this answer and how to get it'),
};

export const PipelinesOutputSchema = PipelinesReportSchema.extend({
  ...pageFields,
  omittedTraces: z
    .number()
    .int()
    .describe(
      'Per-object traces left out: of healthy pipelines (unless traceHealthy), beyond 20 per pipeline',
    ),
});

export const ScanOutputSchema = ScanReportSchema.extend({
  ...pageFields,
  omitted: z.number().int().describe('Findings after this page; counts cover all of them'),
});
