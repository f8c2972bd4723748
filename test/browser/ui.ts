/// <reference lib="dom" />
// Start `cub-scout ui` (the built bin) for a browser test, the way a user does, and stop it after.
// Every server gets its own history directory unless the test shares one on purpose.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { execa } from 'execa';
import { BIN } from '../helpers/cli.js';
import { serverEnv } from '../mcp/client.js';
import type { TestbedInfo } from '../setup/testbed-process.js';
import { TESTBED_ENV } from './global-setup.js';

export interface Ui {
  /** The URL with its token, as printed. */
  url: string;
  historyDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cub-scout-browser-${prefix}-`));
}

export function startUi(
  args: string[],
  options: { historyDir?: string; env?: Record<string, string>; bin?: string } = {},
): Promise<Ui> {
  const historyDir = options.historyDir ?? tempDir('history');
  const child = spawn('node', [options.bin ?? BIN, 'ui', '--port', '0', ...args], {
    env: serverEnv(historyDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`cub-scout ui printed no URL in 30 s: ${output.slice(-500)}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /cub-scout ui: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, historyDir, process: child, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cub-scout ui exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** The CLI's JSON answer for the same cluster (the numbers the app must agree with). */
export async function cliJson<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const result = await execa('node', [BIN, ...args, '-o', 'json'], {
    reject: false,
    env: { NO_COLOR: '1', KUBECONFIG: '/nonexistent/kubeconfig', ...env },
    timeout: 60_000,
  });
  if (result.exitCode !== 0 && result.exitCode !== 1)
    throw new Error(`cub-scout ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Open the app and fail the test on any CSP violation or page error. */
export async function openApp(page: Page, url: string): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return { problems };
}

export type TestbedState = { ok: true; info: TestbedInfo } | { ok: false; error: string };

/** The test bed the global setup started, or a loud failure naming why there is none. */
export function testbed(): TestbedInfo {
  const raw = process.env[TESTBED_ENV];
  if (!raw) throw new Error('the live test bed was not started (no global setup ran)');
  const state = JSON.parse(raw) as TestbedState;
  if (!state.ok) throw new Error(state.error);
  return state.info;
}
