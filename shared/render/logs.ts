// Logs as text: a header per pod and container (state, restarts, how the last instance ended), then
// the lines, escaped (a log line is the workload's own text and may hold terminal escapes).
//
//   LOGS: deployment/api -n shop  (last 50 lines per container)
//   pod api-7d9c-x2k (Running, node n1)
//   ── container app  running since …  restarted 3 times, last: Error (exit code 1) at …
//   <lines>
import type { WorkloadLogs } from '../model/drilldowns.js';
import { safeText } from './safe-text.js';
import { plainStyle, type Style } from './style.js';

export function renderLogsText(logs: WorkloadLogs, style: Style = plainStyle): string {
  const o = logs.object;
  const lines = [
    style.bold(
      `LOGS: ${o.kind.toLowerCase()}/${o.name}${o.namespace ? ` -n ${o.namespace}` : ''}  (last ${logs.tailLines} lines, at most ${logs.limitBytes} bytes per container)`,
    ),
  ];
  if (logs.pods.length === 0) lines.push('', 'no pods: nothing runs for it (yet)');
  for (const pod of logs.pods) {
    lines.push(
      '',
      style.bold(safeText(`pod ${pod.name} (${pod.phase}${pod.node ? `, node ${pod.node}` : ''})`)),
    );
    if (pod.waiting) lines.push(style.warn(`  no logs yet: ${safeText(pod.waiting)}`));
    for (const c of pod.containers) {
      const restarted = c.restarts
        ? style.warn(
            `  restarted ${c.restarts} time${c.restarts === 1 ? '' : 's'}${c.lastTermination ? `, last ended ${safeText(c.lastTermination)}` : ''}`,
          )
        : '';
      const which = `${c.init ? 'init container' : 'container'} ${c.container}${c.previous ? ' (previous instance)' : ''}`;
      lines.push(`── ${style.bold(safeText(which))}  ${style.dim(safeText(c.state))}${restarted}`);
      if (c.note) lines.push(style.dim(`   ${safeText(c.note)}`));
      if (c.truncated) lines.push(style.dim('   … older lines left out'));
      for (const line of c.lines) lines.push(safeText(line));
    }
  }
  if (logs.omittedPods) lines.push('', style.dim(`(${logs.omittedPods} older pods not shown)`));
  for (const w of logs.warnings) lines.push('', style.warn(`warning: ${safeText(w)}`));
  return `${lines.join('\n')}\n`;
}
