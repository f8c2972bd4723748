// Read-only, proven: after everything else in the live suite, the API server's audit log must hold
// read requests by the user cub-scout ran as, and not one write.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compared } from './suite-scenarios.js';
import { testbed } from './testbed.js';

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const READ_VERBS = new Set(['get', 'list', 'watch']);

interface AuditEvent {
  verb?: string;
  stage?: string;
  requestURI?: string;
  user?: { username?: string };
}

export function auditSuite(): void {
  describe('live: read-only, proven by the audit log', () => {
    it('the read-only user cub-scout ran as issued reads and no write', () => {
      const tb = testbed();
      const user = tb.readonlyUser ?? 'cub-scout-readonly';
      const events = readFileSync(tb.auditLog, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as AuditEvent)
        .filter((e) => e.user?.username === user && e.stage === 'ResponseComplete');
      const writes = events.filter((e) => WRITE_VERBS.has(e.verb ?? ''));
      const reads = events.filter((e) => READ_VERBS.has(e.verb ?? ''));
      process.stderr.write(
        `audit: ${reads.length} reads and ${writes.length} writes by ${user}; ${compared.scenarios} scenarios, ${compared.traces} traces compared live\n`,
      );
      expect(writes.map((e) => `${e.verb} ${e.requestURI}`)).toEqual([]);
      expect(reads.length).toBeGreaterThan(0);
    });
  });
}
