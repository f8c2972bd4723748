// `cub-scout scan`: the CCVE rules (rules/ccve/*.yaml) checked against every trace of the cluster.
import { Command, Option } from 'commander';
import { badInput } from '../../shared/errors/index.js';
import { safeJson } from '../../shared/render/safe-text.js';
import { styleFor } from '../../shared/render/style.js';
import { atLeast, CategorySchema, type Severity, SeveritySchema } from '../../shared/scan/model.js';
import { renderScanText } from '../../shared/scan/render.js';
import { loadRules } from '../../shared/scan/rules.js';
import { renderSarif } from '../../shared/scan/sarif.js';
import { EXIT, outputOption } from './common.js';
import { VERSION } from './version.js';
import { addWholeClusterOptions, type WholeClusterCliOptions, withWholeCluster } from './whole-cluster.js';

interface ScanCliOptions extends WholeClusterCliOptions {
  severity?: Severity;
  category?: string;
  exitCode?: Severity | true;
  stuckAfter?: string;
  rules?: string;
}

export function scanCommand(): Command {
  const command = new Command('scan')
    .description('check every delivery chain of the cluster against the CCVE rules and report findings')
    .addOption(outputOption(['text', 'json', 'sarif']))
    .addOption(
      new Option('--severity <level>', 'only findings at or above this severity').choices(
        SeveritySchema.options,
      ),
    )
    .addOption(
      new Option('--category <category>', 'only findings of this category').choices(CategorySchema.options),
    )
    .addOption(
      new Option(
        '--exit-code [severity]',
        'exit 1 when a finding at or above this severity is reported (default: any)',
      ).choices(SeveritySchema.options),
    )
    .option('--stuck-after <minutes>', 'a reconciler not ready for longer than this is stuck', '10')
    .option('--rules <dir>', 'a directory of CCVE rule files instead of the built-in rules');
  addWholeClusterOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  cub-scout scan --demo
  cub-scout scan -n apps --severity critical
  cub-scout scan -o sarif > cub-scout.sarif
  cub-scout scan --exit-code warning      # for CI: exit 1 on any warning or critical finding

Exit codes: 0 scanned, 1 findings at or above --exit-code's severity, 2 bad input (including a
broken rule file), 3 cluster or snapshot unreadable.`,
  );
  command.action(async (options: ScanCliOptions) => {
    const minutes = Number(options.stuckAfter);
    if (!options.stuckAfter?.trim() || !Number.isFinite(minutes) || minutes < 0)
      throw badInput(`--stuck-after must be minutes, not "${options.stuckAfter}"`);
    const rules = loadRules(options.rules);
    const report = await withWholeCluster(options, (engine, onProgress) =>
      engine.scan({
        onProgress,
        rules,
        stuckThresholdSeconds: minutes * 60,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.severity ? { severity: options.severity } : {}),
        ...(options.category ? { category: CategorySchema.parse(options.category) } : {}),
      }),
    );
    if (options.output === 'json') process.stdout.write(`${safeJson(report)}\n`);
    else if (options.output === 'sarif')
      process.stdout.write(`${safeJson(renderSarif(report, rules, VERSION))}\n`);
    else process.stdout.write(renderScanText(report, styleFor(process.stdout)));
    if (options.exitCode) {
      const threshold: Severity = options.exitCode === true ? 'info' : options.exitCode;
      if (report.findings.some((f) => atLeast(f.severity, threshold))) process.exitCode = EXIT.unhealthy;
    }
  });
  return command;
}
