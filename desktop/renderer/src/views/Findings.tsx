// `f`: CCVE findings, worst first, with a severity filter (`v` cycles it) and, for the selected
// finding, what was found, the evidence, the remediation steps and the commands with a copy
// button (`y` copies them all). `t` traces the object the finding is about.
import type { Severity } from '../../../../shared/scan/model.js';
import type { Res } from '../api/client.js';
import { useClusterQuery } from '../api/queries.js';
import { useReportAge } from '../app/data-age.js';
import { KEY_LAYER, useKeys } from '../app/keys.js';
import { refText } from '../components/format.js';
import { type Column, RowList } from '../components/RowList.js';
import { useStore } from '../state/store.js';
import { Failure, Loading, useView, ViewHead, type ViewProps, Warnings } from './common.js';

type Finding = Res<'findings'>['findings'][number];
const SEVERITIES: (Severity | undefined)[] = [undefined, 'critical', 'warning', 'info'];

const COLUMNS: Column<Finding>[] = [
  {
    label: 'Severity',
    width: '6rem',
    render: (f) => <span className={`severity ${f.severity}`}>{f.severity}</span>,
  },
  { label: 'Rule', width: '13rem', render: (f) => f.ruleId },
  { label: 'Object', width: 'minmax(14rem, 1fr)', render: (f) => refText(f.object) },
  { label: 'Finding', width: 'minmax(10rem, 1fr)', render: (f) => f.name },
];

export function Findings({ cluster }: ViewProps) {
  const { view, update, trace, selectedIn, select } = useView(cluster);
  const { say } = useStore();
  const severity = view.findings.severity;
  const query = useClusterQuery('findings', { cluster, ...(severity ? { severity } : {}) });
  useReportAge(query, query.data?.cacheAgeSeconds);
  const setSeverity = (next: Severity | undefined) =>
    update((s) => ({
      ...s,
      findings: next ? { severity: next } : {},
      selected: { ...s.selected, findings: 0 },
    }));
  const copy = (text: string, what: string) =>
    navigator.clipboard.writeText(text).then(
      () => say(`copied ${what}`),
      () => say('the clipboard is not available'),
    );

  const rows = query.data?.findings ?? [];
  const selected = Math.min(selectedIn('findings'), Math.max(0, rows.length - 1));
  const current = rows[selected];
  useKeys((event) => {
    if (event.key === 'v') {
      setSeverity(SEVERITIES[(SEVERITIES.indexOf(severity) + 1) % SEVERITIES.length]);
      return true;
    }
    if (event.key === 'y' && current?.remediation.commands.length) {
      void copy(current.remediation.commands.join('\n'), 'the remediation commands');
      return true;
    }
    return false;
  }, KEY_LAYER.view);

  if (query.error && !query.data) return <Failure error={query.error} />;
  if (!query.data) return <Loading what="findings" />;
  const c = query.data.counts;
  return (
    <div className="findings">
      <ViewHead
        title="Findings"
        hint={`${c.critical} critical · ${c.warning} warning · ${c.info} info · ${query.data.rulesChecked} rules`}
      >
        <fieldset className="segmented" aria-label="Severity (v)">
          {SEVERITIES.map((s) => (
            <button
              type="button"
              key={s ?? 'all'}
              aria-pressed={severity === s}
              className={severity === s ? 'on' : ''}
              onClick={() => setSeverity(s)}
            >
              {s ?? 'all'}
            </button>
          ))}
        </fieldset>
        <button type="button" disabled={!current} onClick={() => current && trace(current.object)}>
          Trace (t)
        </button>
      </ViewHead>
      <Warnings warnings={query.data.warnings} />
      <div className="split">
        <RowList
          label="Findings"
          testId="findings-list"
          count={rows.length}
          rowAt={(i) => rows[i]}
          columns={COLUMNS}
          selected={selected}
          onSelect={(i) => select('findings', i)}
          onOpen={(f) => trace(f.object)}
          onTrace={(f) => trace(f.object)}
          empty="No finding at this severity."
        />
        {current && (
          <article className="finding-detail" data-testid="finding-detail">
            <h2>
              <span className={`severity ${current.severity}`}>{current.severity}</span> {current.ruleId}{' '}
              {current.name}
            </h2>
            <p>{current.message}</p>
            {current.link && (
              <p className="muted">
                at {current.link.kind}/{current.link.name} ({current.link.role})
              </p>
            )}
            {current.evidence.length > 0 && (
              <>
                <h3>Evidence</h3>
                <ul>
                  {current.evidence.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </>
            )}
            {current.affectedCount > 0 && (
              <p className="muted">
                affects {current.affectedCount}: {current.affected.slice(0, 5).map(refText).join(', ')}
                {current.affectedCount > 5 ? ' …' : ''}
              </p>
            )}
            <h3>Remediation</h3>
            <ol>
              {current.remediation.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            {current.remediation.commands.map((command) => (
              <div className="command" key={command}>
                <code>{command}</code>
                <button
                  type="button"
                  onClick={() => void copy(command, 'the command')}
                  data-testid="copy-command"
                >
                  Copy
                </button>
              </div>
            ))}
          </article>
        )}
      </div>
    </div>
  );
}
