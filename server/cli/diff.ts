// `cub-scout diff <kind>/<name>`: the object against its desired state (Helm release manifest or
// last-applied-configuration) and the fields others than its deployer wrote (managedFields).
import { Command } from 'commander';
import { diffResource } from '../../shared/diff/diff.js';
import { renderDiffText } from '../../shared/diff/render.js';
import { safeJson } from '../../shared/render/safe-text.js';
import { parseResourceArg } from '../../shared/resource-arg.js';
import { addClusterOptions, type CommonOptions, EXIT, outputOption, withEngine } from './common.js';

export function diffCommand(): Command {
  const command = new Command('diff')
    .description(
      'compare an object with what its deployer wants (Helm release manifest or last-applied-configuration) and name who changed it (managedFields)',
    )
    .argument('<resource>', 'kind/name (deployment/nginx), or a kind followed by a name')
    .argument('[name]', 'object name, when the kind is given separately')
    .option('-n, --namespace <ns>', 'namespace of the object', 'default')
    .addOption(outputOption(['text', 'json']));
  addClusterOptions(command);
  command.addHelpText(
    'after',
    `
The desired state comes from the object's Helm release (the rendered manifest of the latest
deployed revision; standalone Helm and Flux HelmReleases), else from its
kubectl.kubernetes.io/last-applied-configuration. Only fields the desired state sets are compared:
what the server defaults or fills in is not drift. Fields last written by a field manager other
than the deployer's (kubectl edit, kubectl scale, an HPA) are listed with the manager and the time.
A Flux Kustomization's or Argo CD's desired state is not readable from the cluster: then only
managedFields are shown. Secret and ConfigMap data: key names only, never values; Helm values are
never read.

Examples:
  cub-scout diff deployment/web -n shop
  cub-scout diff deploy web -n shop -o json

Exit codes (like kubectl diff): 0 no drift, 1 drift found, 2 bad input (unknown kind, not found,
bad flags), 3 cluster or snapshot unreadable.`,
  );
  command.action(async (resource: string, name: string | undefined, options: CommonOptions) => {
    const target = parseResourceArg(resource, name);
    const result = await withEngine(options, (engine) =>
      diffResource(engine.reader, target.kind, target.name, options.namespace),
    );
    process.stdout.write(options.output === 'json' ? `${safeJson(result)}\n` : renderDiffText(result));
    process.exitCode = result.drifted ? EXIT.unhealthy : EXIT.ok;
  });
  return command;
}
