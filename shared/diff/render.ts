// The text of a diff, for the CLI and the MCP tool: the source of truth first, then each drifted
// field with who wrote it and when, then the writers that are not the deployer.
import type { DiffResult, FieldChange, WriterRef } from '../model/diff.js';
import { safeLines, safeText } from '../render/safe-text.js';

export function renderDiffText(r: DiffResult): string {
  const o = r.object;
  const lines = [`DIFF ${o.kind}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}`, ''];
  lines.push(`desired:  ${r.desiredFrom ?? `none readable: ${r.noDesired ?? 'unknown'}`}`);
  lines.push(
    `deployer: ${r.deployer ? `${r.deployer} (field managers: ${r.deployerManagers.join(', ')})` : 'unknown'}`,
  );
  if (r.desiredSource !== 'none') {
    lines.push('');
    if (r.changes.length === 0) lines.push('No field differs from the desired state.');
    for (const c of r.changes) lines.push(...changeLines(c));
    if (r.changesOmitted > 0) lines.push(`… ${r.changesOmitted} more field(s) not shown`);
  }
  lines.push('');
  if (r.writers.length === 0)
    lines.push(
      r.deployer
        ? `No field is last written by a manager other than the deployer.`
        : 'No deployer known: managedFields cannot tell drift from intent.',
    );
  else lines.push('Written by others than the deployer (managedFields):');
  for (const w of r.writers) {
    lines.push(`  ${writerText(w)}`);
    const fields =
      w.fields.length > 0 ? w.fields.join(', ') : '(which fields: not recorded in this snapshot)';
    lines.push(`    ${fields}${w.fieldsOmitted > 0 ? ` … and ${w.fieldsOmitted} more` : ''}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push('', r.drifted ? `DRIFT  ${r.summary}` : `IN SYNC  ${r.summary}`);
  return `${safeLines(lines.map((l) => safeText(l)).join('\n'))}\n`;
}

function changeLines(c: FieldChange): string[] {
  const head =
    c.change === 'changed'
      ? `~ ${c.path}: ${c.desired ?? '(hidden)'} → ${c.live ?? '(hidden)'}`
      : c.change === 'missing'
        ? `- ${c.path}: desired ${c.desired ?? '(key only)'}, not in the live object`
        : `+ ${c.path}: in the live object only${c.live ? ` ${c.live}` : ''}`;
  return c.writer ? [head, `    last written by ${writerText(c.writer)}`] : [head];
}

export function writerText(w: WriterRef): string {
  const how = [w.operation, w.subresource ? `subresource ${w.subresource}` : ''].filter(Boolean).join(', ');
  // The API server leaves the time out of some entries (scale subresource writes): say so.
  const when = w.time ? ` at ${w.time}` : ' (time not recorded by the API server)';
  return `${w.manager}${w.what !== w.manager ? ` = ${w.what}` : ''}${how ? ` (${how})` : ''}${when}`;
}
