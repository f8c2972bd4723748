// Does a context's exec credential plugin resolve on PATH? Checked per context before any read, so
// the app says "exec plugin `aws` not found on PATH" instead of a spawn error nobody can read.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execPluginProblem, resolveCommand } from '../../shared/desktop-api/exec-plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'cub-scout-exec-plugin-'));
const bin = join(dir, 'bin');
mkdirSync(bin);
const plugin = join(bin, 'fake-auth-plugin');
writeFileSync(plugin, '#!/bin/sh\necho {}\n');
chmodSync(plugin, 0o755);
writeFileSync(join(bin, 'not-executable'), 'data');
mkdirSync(join(bin, 'a-directory'));

const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
current-context: tokens
clusters:
- name: c
  cluster: { server: 'https://127.0.0.1:6443' }
contexts:
- { name: tokens, context: { cluster: c, user: token } }
- { name: on-path, context: { cluster: c, user: on-path } }
- { name: missing, context: { cluster: c, user: missing } }
- { name: absolute, context: { cluster: c, user: absolute } }
users:
- { name: token, user: { token: abc } }
- name: on-path
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: fake-auth-plugin, interactiveMode: Never } }
- name: missing
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, args: [eks, get-token], interactiveMode: Never } }
- name: absolute
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: ${join(dir, 'nowhere', 'kubelogin')}, interactiveMode: Never } }
`,
);

const env = { PATH: `/nonexistent:${bin}` };

describe('exec credential plugins', () => {
  it('a plugin on PATH is fine; a context without one has nothing to check', () => {
    expect(execPluginProblem('on-path', { kubeconfig }, env, 'linux')).toBeUndefined();
    expect(execPluginProblem('tokens', { kubeconfig }, env, 'linux')).toBeUndefined();
  });

  it('a plugin missing from PATH is named in one line', () => {
    expect(execPluginProblem('missing', { kubeconfig }, env, 'linux')).toBe(
      'exec plugin `aws` not found on PATH',
    );
    // The same context is fine once the login shell's PATH brings the folder in.
    writeFileSync(join(bin, 'aws'), '#!/bin/sh\n');
    chmodSync(join(bin, 'aws'), 0o755);
    expect(execPluginProblem('missing', { kubeconfig }, env, 'linux')).toBeUndefined();
  });

  it('an absolute command must exist', () => {
    expect(execPluginProblem('absolute', { kubeconfig }, env, 'linux')).toBe(
      `exec plugin \`${join(dir, 'nowhere', 'kubelogin')}\` not found on PATH`,
    );
  });

  it('only executable files count', () => {
    expect(resolveCommand('fake-auth-plugin', env, 'linux')).toBe(plugin);
    expect(resolveCommand('not-executable', env, 'linux')).toBeUndefined();
    expect(resolveCommand('a-directory', env, 'linux')).toBeUndefined();
  });

  it('on Windows, PATHEXT extensions are tried', () => {
    writeFileSync(join(bin, 'gke-gcloud-auth-plugin.EXE'), 'MZ');
    expect(resolveCommand('gke-gcloud-auth-plugin', { PATH: bin, PATHEXT: '.COM;.EXE' }, 'win32')).toBe(
      join(bin, 'gke-gcloud-auth-plugin.EXE'),
    );
  });
});
