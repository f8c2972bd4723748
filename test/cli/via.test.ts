// `trace --via` flags, as a user types them: what cannot work is a one-line error and exit 2, before
// any CLI runs or any cluster is read.
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('cub-scout trace --via: bad flags', () => {
  for (const [args, message] of [
    [['--compare'], /^error: --compare needs --via flux or --via argocd$/],
    [
      ['--via', 'flux', '--demo'],
      /^error: --via flux asks a live cluster: it cannot read a snapshot or the demo$/,
    ],
    [['--via', 'flux', '--argocd-core', '--demo'], /^error: --argocd-core goes with --via argocd$/],
    [['--via', 'helm', '--demo'], /^error: option '--via <cli>' argument 'helm' is invalid/],
  ] as const) {
    it(`trace deployment/nginx -n demo ${args.join(' ')}`, async () => {
      const { stdout, stderr, exitCode } = await cli(['trace', 'deployment/nginx', '-n', 'demo', ...args]);
      expect(exitCode).toBe(2);
      expect(stdout).toBe('');
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it('--help says how argocd is reached and what the JSON holds', async () => {
    const { stdout } = await cli(['trace', '--help']);
    expect(stdout).toContain('--via <cli>');
    expect(stdout).toContain('--argocd-core');
    expect(stdout).toContain('CUB_SCOUT_VIA_TIMEOUT');
    expect(stdout).toContain('differences: [{aspect, link, ours, theirs, why}]');
  });
});
