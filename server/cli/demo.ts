// `cub-scout demo`: the tour of the demo cluster shipped with the package — the traces listed in
// shared/demo/tour.txt, printed one after another. No cluster needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { demoPath } from '../../shared/demo-path.js';
import { Engine } from '../../shared/engine.js';
import { styleFor } from '../../shared/render/style.js';
import { renderTraceText } from '../../shared/render/text.js';
import { parseResourceArg } from '../../shared/resource-arg.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('trace the objects of the built-in demo cluster (no cluster needed)')
    .action(async () => {
      const engine = await Engine.open({ demo: true });
      const style = styleFor(process.stdout);
      for (const line of readTour()) {
        const [resource = '', , namespace] = line.split(/\s+/);
        const target = parseResourceArg(resource);
        const result = await engine.trace(target.kind, target.name, namespace);
        process.stdout.write(`${style.dim(`$ cub-scout trace ${line} --demo`)}\n`);
        process.stdout.write(`${renderTraceText(result, { style })}\n`);
      }
      await engine.close();
    });
}

/** Lines like `deployment/nginx -n demo`. */
function readTour(): string[] {
  return readFileSync(join(demoPath(), 'tour.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
