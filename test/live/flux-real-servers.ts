// Fixtures the real-Flux suite serves on 127.0.0.1: a Git repository over smart HTTP (`git
// http-backend` as CGI behind a tiny Node server) that the suite commits to, and a Helm repository
// (index.yaml + charts packaged with the test bed's helm CLI) over plain HTTP.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A bare repository `repo.git` served read-only over smart HTTP, with a work tree to commit from. */
export class GitFixture {
  private readonly server: Server;
  private readonly work: string;
  private readonly bare: string;
  url = '';

  constructor(private readonly dir: string) {
    this.bare = join(dir, 'git', 'repo.git');
    this.work = join(dir, 'work');
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const cgi = spawn('git', ['http-backend'], {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_PROJECT_ROOT: join(dir, 'git'),
          GIT_HTTP_EXPORT_ALL: '1',
          PATH_INFO: decodeURIComponent(url.pathname),
          QUERY_STRING: url.search.replace(/^\?/, ''),
          REQUEST_METHOD: req.method ?? 'GET',
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          REMOTE_ADDR: '127.0.0.1',
          ...(req.headers['content-encoding']
            ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
            : {}),
          ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      req.pipe(cgi.stdin);
      // CGI output: headers (Status: and others), a blank line, the body.
      let head = Buffer.alloc(0);
      let headersDone = false;
      cgi.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) {
          res.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        let status = 200;
        for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
          const colon = line.indexOf(':');
          const key = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
          else if (key) res.setHeader(key, value);
        }
        res.writeHead(status);
        res.write(head.subarray(end + 4));
      });
      cgi.stdout.on('end', () => res.end());
      cgi.on('error', () => res.writeHead(500).end());
    });
  }

  async start(): Promise<void> {
    mkdirSync(this.bare, { recursive: true });
    await this.git(this.bare, 'init', '--bare', '--initial-branch=main');
    await this.git(this.dir, 'init', '--initial-branch=main', this.work);
    this.url = `${await listen(this.server)}/repo.git`;
  }

  /** Replace the work tree with `files` (path -> content; a directory to copy with `{ copy }`),
   * commit and push to main. Returns the commit's full SHA. */
  async commit(message: string, files: Record<string, string | { copy: string }>): Promise<string> {
    for (const entry of ['apps', 'root', 'charts', 'infra'])
      rmSync(join(this.work, entry), { recursive: true, force: true });
    for (const [path, content] of Object.entries(files)) {
      const target = join(this.work, normalize(path));
      mkdirSync(dirname(target), { recursive: true });
      if (typeof content === 'string') writeFileSync(target, content);
      else cpSync(content.copy, target, { recursive: true });
    }
    await this.git(this.work, 'add', '--all');
    await this.git(this.work, 'commit', '--allow-empty', '-q', '-m', message);
    await this.git(this.work, 'push', '-q', this.bare, 'HEAD:main');
    return (await this.git(this.work, 'rev-parse', 'HEAD')).trim();
  }

  private async git(cwd: string, ...args: string[]): Promise<string> {
    const { stdout } = await run(
      'git',
      ['-c', 'user.name=cub-scout tests', '-c', 'user.email=tests@cub-scout.invalid', ...args],
      { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, GIT_CONFIG_NOSYSTEM: '1' } },
    );
    return stdout;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

/** A Helm repository: charts packaged with `helm package --version`, indexed with `helm repo index`. */
export class HelmRepoFixture {
  private readonly server: Server;
  private readonly root: string;
  url = '';

  constructor(
    dir: string,
    private readonly helm: string,
  ) {
    this.root = join(dir, 'helm-repo');
    this.server = createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/+/, '');
      const file = join(this.root, normalize(name));
      if (!name || name.includes('..') || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': name.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' });
      res.end(readFileSync(file));
    });
  }

  /** Serve `chartDir` packaged at each of `versions`. */
  async start(chartDir: string, versions: string[]): Promise<void> {
    mkdirSync(this.root, { recursive: true });
    this.url = await listen(this.server);
    const env = {
      ...process.env,
      HELM_CACHE_HOME: join(this.root, '.cache'),
      HELM_CONFIG_HOME: join(this.root, '.config'),
    };
    for (const version of versions)
      await run(this.helm, ['package', chartDir, '--version', version, '-d', this.root], { env });
    await run(this.helm, ['repo', 'index', this.root, '--url', this.url], { env });
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
