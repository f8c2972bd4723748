// Two saved traces of an object side by side, older on the left, with what changed marked: a link
// that joined or left the chain, a status, revision or message that changed, and the diagnosis
// lines that differ. The comparison itself is the engine's (`compare`, shared/history).
import { useQuery } from '@tanstack/react-query';
import type { ChainLink } from '../../../../shared/model/trace-result.js';
import { call, type Res } from '../api/client.js';
import { linkHealth, MARK, refText, revision, sourceLabel, timeOf } from '../components/format.js';
import { verdictOf } from '../components/TraceChain.js';
import { Failure, Loading, ViewHead } from './common.js';

type Compared = Res<'compare'>;
type Saved = Compared['a'];

export function Compare({ a, b, onClose }: { a: string; b: string; onClose(): void }) {
  const query = useQuery({
    queryKey: ['\u0000global', 'compare', a, b],
    queryFn: () => call('compare', { a, b }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (query.error) return <Failure error={query.error} />;
  if (!query.data) return <Loading what="both traces" />;
  const c = query.data;
  const changed = c.links.filter((l) => l.change !== 'same').length;
  return (
    <div className="compare" data-testid="compare">
      <ViewHead
        title={`Compare ${refText(c.b.object)}`}
        hint={changed || c.diagnosisChanged.length ? `${changed} links changed` : 'no difference'}
      >
        <button type="button" onClick={onClose}>
          Back (q)
        </button>
      </ViewHead>
      <div className="compare-grid">
        <Side record={c.a} label="Before" />
        <Side record={c.b} label="After" />
      </div>
      {c.diagnosisChanged.length > 0 && (
        <ul className="diagnosis-changes" data-testid="diagnosis-changes">
          {c.diagnosisChanged.map((line) => (
            <li key={line}>Δ {line}</li>
          ))}
        </ul>
      )}
      <table className="compare-links" aria-label="Links compared">
        <thead>
          <tr>
            <th>Link</th>
            <th>Before</th>
            <th>After</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {c.links.map((link) => (
            <tr key={link.key} className={link.change} data-testid="compare-link" data-change={link.change}>
              <td className="mono">{link.key}</td>
              <LinkCell link={link.before} changed={link.fields} />
              <LinkCell link={link.after} changed={link.fields} />
              <td className={`change-mark ${link.change}`}>
                {link.change === 'same' ? '' : link.change}
                {link.fields.length ? `: ${link.fields.join(', ')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Side({ record, label }: { record: Saved; label: string }) {
  const verdict = verdictOf(record.result);
  return (
    <section className="compare-side" data-testid={`compare-${label.toLowerCase()}`}>
      <h2>
        {label}: {timeOf(record.savedAt)}
      </h2>
      <div className="muted">
        <span className={`face ${record.face}`}>{record.face}</span> on{' '}
        {record.context ?? sourceLabel(record.source)}
      </div>
      <div className={`summary ${verdict.tone}`}>
        <strong>{verdict.word}</strong> {record.result.diagnosis.summary}
      </div>
    </section>
  );
}

function LinkCell({ link, changed }: { link: ChainLink | undefined; changed: string[] }) {
  if (!link) return <td className="muted">—</td>;
  const health = linkHealth(link);
  const hot = (field: string) => (changed.includes(field) ? 'hot' : '');
  return (
    <td className="compare-cell">
      <span className={`mark ${health}`}>{MARK[health]}</span>{' '}
      <span className={hot('status') || hot('ready')}>
        {link.status ?? (link.missing ? 'Not found' : '—')}
      </span>{' '}
      <span className={`mono ${hot('revision')}`}>{revision(link.revision)}</span>
      {link.message && (link.ready === false || changed.includes('message')) && (
        <span className={`cell-message ${hot('message')}`}>{link.message.split('\n')[0]}</span>
      )}
    </td>
  );
}
