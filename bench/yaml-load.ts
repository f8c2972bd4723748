// The YAML vs JSON snapshot load figure of `npm run bench` (issue 10 item 5): the same synthetic
// cluster written as one multi-document YAML file (as `kubectl get -o yaml` and `cub-scout
// snapshot` write it) and as one JSON List, each about BENCH_YAML_MB megabytes (default 200), then
// each loaded with SnapshotReader.load in a fresh process, so that its peak RSS is its own.
//   node yaml-load.js write DIR MB   -> writes DIR/big.yaml and DIR/big.json, prints their sizes
//   node yaml-load.js load FILE      -> prints {ms, peakRssMb, objects}
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { SnapshotReader } from '../shared/reader/snapshot.js';
import type { KubeObject } from '../shared/reader/types.js';
import { generateCluster } from './generate.js';

export interface LoadFigures {
  ms: number;
  peakRssMb: number;
  objects: number;
  warnings: number;
}

/** Copies of a 10k-object cluster, renamed per copy, until both files pass `megabytes`. */
function write(dir: string, megabytes: number): { yamlBytes: number; jsonBytes: number } {
  const base = generateCluster(10_000).objects;
  const target = megabytes * 1024 * 1024;
  const yamlFile = openSync(join(dir, 'big.yaml'), 'w');
  const jsonFile = openSync(join(dir, 'big.json'), 'w');
  writeSync(jsonFile, '{"apiVersion":"v1","kind":"List","items":[');
  let yamlBytes = 0;
  let jsonBytes = 0;
  let first = true;
  for (let copy = 0; yamlBytes < target || jsonBytes < target; copy++) {
    const chunk: string[] = [];
    for (const obj of base) {
      const renamed: KubeObject = {
        ...obj,
        metadata: { ...obj.metadata, name: `${obj.metadata.name}-c${copy}` },
      };
      if (renamed.metadata.uid) renamed.metadata.uid = `${renamed.metadata.uid}-c${copy}`;
      const json = JSON.stringify(renamed);
      writeSync(jsonFile, first ? json : `,${json}`);
      first = false;
      jsonBytes += json.length + 1;
      chunk.push(`---\n${dump(renamed, { noRefs: true, lineWidth: -1 })}`);
    }
    const text = chunk.join('');
    writeSync(yamlFile, text);
    yamlBytes += Buffer.byteLength(text);
  }
  writeSync(jsonFile, ']}');
  closeSync(yamlFile);
  closeSync(jsonFile);
  return { yamlBytes: statSync(join(dir, 'big.yaml')).size, jsonBytes: statSync(join(dir, 'big.json')).size };
}

async function load(file: string): Promise<LoadFigures> {
  const started = performance.now();
  const reader = await SnapshotReader.load(file);
  const ms = performance.now() - started;
  return {
    ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    objects: reader.allObjects().length,
    warnings: reader.warnings.length,
  };
}

const [mode, path, megabytes] = process.argv.slice(2);
if (mode === 'write' && path) console.log(JSON.stringify(write(path, Number(megabytes ?? 200))));
else if (mode === 'load' && path) console.log(JSON.stringify(await load(path)));
