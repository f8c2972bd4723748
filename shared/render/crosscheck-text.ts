// Text of a cross-check (`trace --via flux|argocd [--compare]`): their answer as a list of links,
// then, with --compare, each difference and why.
//
//   VIA flux trace: flux trace --kind=Deployment --api-version=apps/v1 --namespace=web -- web
//     GitRepository/repo   main@sha1:0f3c9b2a7d1e  Last reconciled at 2026-01-08 15:42:20 +0000 UTC
//     Kustomization/web    main@sha1:0f3c9b2a7d1e  Last reconciled at ...
//     Deployment/web       Managed by Flux
//
//   COMPARE cub-scout and flux trace: 1 difference
//     chain    cub-scout only: Kustomization/root
//              flux trace shows one level: ...
import type { CrossCheck } from '../model/crosscheck.js';
import { shortRevision } from '../trace/flux-revisions.js';
import { safeText, safeView } from './safe-text.js';
import { plainStyle, type Style } from './style.js';

const THEM = { flux: 'flux trace', argocd: 'argocd app get' } as const;

export function renderCrossCheckText(check: CrossCheck, compare: boolean, style: Style = plainStyle): string {
  const them = THEM[check.tool];
  const command = check.command.map(safeText).join(' ');
  const lines = ['', style.bold(`VIA ${them}${command ? `: ${command}` : ''}`)];
  const theirs = check.theirs ? safeView(check.theirs) : undefined;
  if (!theirs) lines.push(`  ${style.warn('⚠')} no answer: ${safeText(check.warning ?? 'unknown reason')}`);
  else {
    const width = Math.max(...theirs.chain.map((l) => `${l.kind}/${l.name}`.length));
    for (const link of theirs.chain) {
      const mark = link.ready === false ? style.fail('✗') : link.ready === true ? style.ok('✓') : ' ';
      const rev = link.revision ? `  ${shortRevision(link.revision)}` : '';
      lines.push(
        `  ${mark} ${`${link.kind}/${link.name}`.padEnd(width)}${rev}${link.status ? `  ${link.status}` : ''}`,
      );
      if (link.message && link.ready !== true)
        lines.push(`      ${style.dim(link.message.split('\n')[0] ?? '')}`);
    }
    lines.push(`  ${theirs.diagnosis.summary}`);
  }
  if (compare && theirs) {
    const n = check.differences.length;
    lines.push(
      '',
      style.bold(
        `COMPARE cub-scout and ${them}: ${n === 0 ? 'no differences' : `${n} difference${n === 1 ? '' : 's'}`}`,
      ),
    );
    for (const d of safeView(check.differences)) {
      const about = d.link ? ` ${d.link}` : '';
      const values =
        d.aspect === 'chain'
          ? d.ours
            ? `cub-scout only: ${d.ours}`
            : `${them} only: ${d.theirs}`
          : `cub-scout: ${d.ours ?? '-'}  ${them}: ${d.theirs ?? '-'}`;
      lines.push(`  ${d.aspect.padEnd(8)}${about}  ${values}`, `  ${' '.repeat(10)}${style.dim(d.why)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
