// Loading CCVE rule files: one YAML file per rule, validated with RuleSchema; a broken file is a
// clear one-line error naming the file and the field, never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../demo-path.js';
import { CubScoutError } from '../errors/index.js';
import { CHECKS } from './checks/index.js';
import { type Rule, RuleSchema } from './model.js';
import { TEMPLATE_VARIABLES } from './template.js';

export function defaultRulesDir(): string {
  return join(packageRoot(), 'rules', 'ccve');
}

export function parseRule(text: string, file: string): Rule {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new CubScoutError(
      'bad-input',
      `rule ${file}: malformed YAML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = RuleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new CubScoutError('bad-input', `rule ${file}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const rule = parsed.data;
  if (!(rule.check in CHECKS))
    throw new CubScoutError(
      'bad-input',
      `rule ${file}: check "${rule.check}" is not a known check (${Object.keys(CHECKS).join(', ')})`,
    );
  for (const command of rule.remediation.commands) {
    for (const [, name] of command.matchAll(/\{(\w+)\}/g)) {
      if (!TEMPLATE_VARIABLES.includes(name as (typeof TEMPLATE_VARIABLES)[number]))
        throw new CubScoutError(
          'bad-input',
          `rule ${file}: remediation command uses unknown placeholder {${name}}`,
        );
    }
  }
  return rule;
}

/** Every rule in a directory, sorted by id; ids must be unique. */
export function loadRules(dir: string = defaultRulesDir()): Rule[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => ['.yaml', '.yml'].includes(extname(f)));
  } catch {
    // The user named it (--rules): a missing directory is bad input, exit 2 as the README says.
    throw new CubScoutError('bad-input', `rules directory ${dir} cannot be read`);
  }
  if (files.length === 0)
    throw new CubScoutError('bad-input', `rules directory ${dir} holds no rule files (*.yaml, *.yml)`);
  const rules = files.sort().map((f) => parseRule(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id))
      throw new CubScoutError('bad-input', `rules in ${dir}: id ${rule.id} is used twice`);
    seen.add(rule.id);
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}
