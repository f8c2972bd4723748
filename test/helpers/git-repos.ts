// Fixture Git repositories for the real-Argo suite: plain working repositories under one root that
// `git daemon --base-path` serves, each commit made with the real git CLI.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

const IDENTITY = ['-c', 'user.name=cub-scout tests', '-c', 'user.email=tests@cub-scout.invalid'];

export class GitRepo {
  constructor(readonly dir: string) {}

  static async create(root: string, name: string): Promise<GitRepo> {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    await execa('git', ['init', '--quiet', '--initial-branch', 'main', dir]);
    return new GitRepo(dir);
  }

  /** Write (content) or delete (null) files, commit them all, return the new commit's sha. */
  async commit(message: string, files: Record<string, string | null>): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path);
      if (content === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    return this.commitAll(message);
  }

  /** Copy a directory into the repository (e.g. a Helm chart) and commit it. */
  async commitDir(message: string, from: string, to: string): Promise<string> {
    cpSync(from, join(this.dir, to), { recursive: true });
    return this.commitAll(message);
  }

  private async commitAll(message: string): Promise<string> {
    await execa('git', ['-C', this.dir, 'add', '--all']);
    await execa('git', ['-C', this.dir, ...IDENTITY, 'commit', '--quiet', '--allow-empty', '-m', message]);
    return (await execa('git', ['-C', this.dir, 'rev-parse', 'HEAD'])).stdout.trim();
  }
}
