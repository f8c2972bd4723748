// `?`: every key, in one place. Escape, `?` or `q` closes it.
import { useEffect, useRef } from 'react';
import { KEY_LAYER, useKeys } from './keys.js';

const SECTIONS: [string, [string, string][]][] = [
  [
    'Views',
    [
      ['o', 'overview'],
      ['w', 'workloads'],
      ['d', 'deployers'],
      ['s', 'sources'],
      ['i', 'pipelines'],
      ['f', 'findings'],
      ['t', 'trace (recent and pinned); on a selected row: trace it'],
      ['H', 'history'],
      ['a', 'all contexts'],
      ['[ ]', 'previous / next context'],
      ['r', 'refresh now'],
      ['?', 'this help'],
    ],
  ],
  [
    'Lists',
    [
      ['↑ ↓  j k', 'move'],
      ['PgUp PgDn  Home End', 'jump'],
      ['Enter', 'open'],
      ['t', 'trace the selected row'],
      ['/', 'filter (workloads, history)'],
      ['u', 'pipelines: unhealthy only'],
      ['v', 'findings: next severity'],
      ['y', 'findings: copy the remediation commands'],
      ['space  x', 'history: pick for compare'],
      ['c', 'history: compare the two picked'],
    ],
  ],
  [
    'Trace',
    [
      ['↑ ↓', 'move between links'],
      ['Enter', 'expand the link (message, URL, path, revision, evidence)'],
      ['t', 'trace the selected link'],
      ['p', 'pin / unpin'],
      ['r', 'trace again from a fresh read'],
      ['q  Esc', 'back'],
      ['d l h', 'diff, logs, history of the selected object'],
    ],
  ],
];

export function HelpDialog({ onClose }: { onClose(): void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  useKeys((event) => {
    if (event.key === 'Escape' || event.key === '?' || event.key === 'q') onClose();
    // Everything else waits while the dialog is open.
    return true;
  }, KEY_LAYER.dialog);
  return (
    <div className="backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Keys" data-testid="help">
        <h1>Keys</h1>
        <div className="help-columns">
          {SECTIONS.map(([title, keys]) => (
            <section key={title}>
              <h2>{title}</h2>
              <dl>
                {keys.map(([key, what]) => (
                  <div key={`${title}-${key}`} className="fact">
                    <dt>
                      <kbd>{key}</kbd>
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <button type="button" ref={closeButton} onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </div>
  );
}
