// A trace drawn the way the CLI prints it: origin first, each link indented under the one that
// delivered it, ✓/✗/⚠ per link, status and revision, "PROBLEM HERE" on the link where the chain
// breaks, the running and expected revisions, and the verdict with its summary at the bottom.
// Links are rows: the selected one is highlighted and an expanded one shows every fact we have.
import type { ChainEvents, LinkEvents } from '../../../../shared/model/drilldowns.js';
import type { ChainLink, TraceResult } from '../../../../shared/model/trace-result.js';
import { eventLine } from '../../../../shared/render/events.js';
import { describeLink } from '../../../../shared/render/text.js';
import { linkHealth, MARK } from './format.js';

interface Props {
  result: TraceResult;
  /** The selected link (keyboard), or -1 for none. */
  selected?: number;
  expanded?: number[];
  onSelect?(index: number): void;
  onToggle?(index: number): void;
  /** Per-link marks from a compare ('added', 'changed' ...), by link index. */
  marks?: Record<number, { change: string; fields: string[] }>;
  now?: Date;
  /** The recent Events of the chain's links, shown in a link's details. */
  events?: ChainEvents | undefined;
}

export function verdictOf(result: TraceResult): { word: string; tone: string } {
  if (result.managed === 'orphaned') return { word: 'ORPHANED', tone: 'warn' };
  if (result.system) return { word: 'SYSTEM', tone: 'muted' };
  if (result.managed === 'never-managed') return { word: 'NOT MANAGED', tone: 'warn' };
  return result.diagnosis.healthy ? { word: 'HEALTHY', tone: 'ok' } : { word: 'BROKEN', tone: 'fail' };
}

export function TraceChain({
  result,
  selected = -1,
  expanded = [],
  onSelect,
  onToggle,
  marks,
  now,
  events,
}: Props) {
  const d = result.diagnosis;
  const o = result.object;
  const stale = d.stale ? d.running : null;
  const clock = now ?? new Date();
  const verdict = verdictOf(result);
  // Names padded to one column in a monospace font, as the CLI pads them.
  const width = Math.max(...result.chain.map((l, i) => indentOf(i).length + titleOf(l).length));
  return (
    <div className="chain" data-testid="trace-chain">
      <div className="chain-title">
        TRACE: {o.kind.toLowerCase()}/{o.name}
        {o.namespace ? ` -n ${o.namespace}` : ''}
      </div>
      {result.managed === 'never-managed' && result.chain.length <= 1 && !result.system && (
        <div className="chain-note warn">⚠ not managed by GitOps</div>
      )}
      <ol className="links">
        {result.chain.map((link, i) => {
          const last = i === result.chain.length - 1;
          const health = linkHealth(link, last && !!stale);
          const broken = d.brokenAt === i;
          const mark = marks?.[i];
          return (
            <li
              key={`${link.kind}/${link.namespace ?? ''}/${link.name}/${link.role}`}
              className={`chain-link${i === selected ? ' selected' : ''}${broken ? ' broken' : ''}${mark && mark.change !== 'same' ? ` changed ${mark.change}` : ''}`}
              data-testid="trace-link"
              data-health={health}
              aria-current={i === selected ? 'true' : undefined}
            >
              <button
                type="button"
                className="link-line"
                onClick={() => {
                  onSelect?.(i);
                  onToggle?.(i);
                }}
                aria-expanded={expanded.includes(i)}
              >
                <span className="link-name" style={{ width: `${width}ch` }}>
                  <span className="indent">{indentOf(i)}</span>
                  <span className="link-title">{titleOf(link)}</span>
                </span>
                <span className={`mark ${health}`}>{MARK[health]}</span>
                <span className="link-describe">{describeLink(link, last ? stale : null, clock)}</span>
                {broken && (
                  <span className="problem-here" data-testid="problem-here">
                    ◀ PROBLEM HERE
                  </span>
                )}
                {mark && mark.change !== 'same' && (
                  <span className="change-mark" data-testid="change-mark">
                    {mark.change}
                    {mark.fields.length ? `: ${mark.fields.join(', ')}` : ''}
                  </span>
                )}
              </button>
              {(link.ready === false || link.missing) && link.message && (
                <div className="link-error">
                  <span className="indent">{padOf(i, last)}</span>
                  <span>Error: {link.message.split('\n')[0]}</span>
                </div>
              )}
              {expanded.includes(i) && (
                <LinkDetails
                  link={link}
                  result={result}
                  last={last}
                  events={eventsOf(events, link)}
                  now={clock}
                />
              )}
            </li>
          );
        })}
      </ol>
      {(d.running || d.expected) && (
        <dl className="revisions" data-testid="trace-revisions">
          <dt>Running</dt>
          <dd data-testid="revision-running">{d.running ?? '—'}</dd>
          <dt>Expected</dt>
          <dd data-testid="revision-expected">{d.expected ?? '—'}</dd>
        </dl>
      )}
      <div className={`summary ${verdict.tone}`} data-testid="trace-summary">
        <strong>{verdict.word}</strong> {d.summary}
      </div>
      {result.warnings.map((w) => (
        <div key={w} className="chain-note warn">
          warning: {w}
        </div>
      ))}
    </div>
  );
}

function LinkDetails({
  link,
  result,
  last,
  events,
  now,
}: {
  link: ChainLink;
  result: TraceResult;
  last: boolean;
  events: LinkEvents | undefined;
  now: Date;
}) {
  const facts: [string, string | null | undefined][] = [
    ['Role', link.role],
    ['Tool', link.tool],
    ['Namespace', link.namespace],
    ['API version', link.apiVersion],
    ['Status', link.status],
    ['Reason', link.reason],
    ['Message', link.message],
    ['Revision', link.revision],
    ['URL', link.url],
    ['Path', link.path],
    ['Suspended', link.suspended ? 'yes' : null],
    ['Reconciled', link.reconciled === false ? 'no: the controller has not seen the new spec' : null],
    ['Changed', link.lastTransitionTime],
    ['Missing', link.missing ? 'the referenced object does not exist' : null],
    ...Object.entries(link.details ?? {}),
  ];
  return (
    <div className="link-details" data-testid="link-details">
      <dl>
        {facts
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {last && result.evidence && result.evidence.length > 0 && (
        <div className="evidence">
          <div className="evidence-title">Evidence</div>
          <ul>
            {result.evidence.map((e) => (
              <li key={`${e.kind}/${e.key}/${e.value}`}>
                {e.kind}: {e.key} = {e.value}
                {e.note ? ` (${e.note})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {events && (
        <div className="evidence" data-testid="link-events">
          <div className="evidence-title">Events</div>
          <ul>
            {events.events.map((e) => (
              <li
                key={`${e.type}/${e.reason}/${e.from}/${e.message}`}
                className={e.type === 'Warning' ? 'warn' : ''}
              >
                {eventLine(e, undefined, now)}
              </li>
            ))}
            {events.omitted > 0 && <li className="muted">({events.omitted} more events)</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

function eventsOf(events: ChainEvents | undefined, link: ChainLink): LinkEvents | undefined {
  return events?.links.find(
    (l) => l.kind === link.kind && l.name === link.name && (l.namespace ?? '') === (link.namespace ?? ''),
  );
}

function titleOf(link: ChainLink): string {
  return `${link.kind}/${link.name}`;
}

function indentOf(i: number): string {
  return i === 0 ? '' : `${' '.repeat(4 * (i - 1))}└─▶ `;
}

function padOf(i: number, last: boolean): string {
  return i === 0 ? '    ' : `${' '.repeat(4 * i)}${last ? '    ' : '│   '}`;
}
