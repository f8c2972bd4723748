// `diff` offline, on the drift scenario (test/scenarios/drift): a Helm release whose Deployment was
// edited and scaled by hand, its Secret and ConfigMap (holding the canary), an object applied with
// kubectl apply and edited later, and one applied by a Flux Kustomization. What a user checks: the
// source of truth named, the drifted fields with who wrote them and when, server defaults not
// called drift, Secret data as key names only.
import { describe, expect, it } from 'vitest';
import { compareObjects } from '../../shared/diff/compare.js';
import { diffResource } from '../../shared/diff/diff.js';
import { decodeFieldsV1 } from '../../shared/diff/field-paths.js';
import { describeWriter } from '../../shared/diff/managers.js';
import { renderDiffText } from '../../shared/diff/render.js';
import type { DiffResult } from '../../shared/model/diff.js';
import { SnapshotReader } from '../../shared/reader/snapshot.js';
import { expectNoCanary } from '../helpers/canary.js';
import { scenarioPath } from '../helpers/scenario.js';

const NOW = new Date('2026-11-28T09:00:00Z');

async function diffOf(
  kind: string,
  name: string,
  scenario = 'drift',
  namespace = 'drift',
): Promise<DiffResult> {
  const reader = await SnapshotReader.load(scenarioPath(scenario));
  return diffResource(reader, kind, name, namespace, { now: NOW });
}

describe('diff against a Helm release manifest', () => {
  it('names the release revision, the edited and scaled fields, their managers and times', async () => {
    const diff = await diffOf('deploy', 'web');
    expect(diff.desiredSource).toBe('helm-release');
    expect(diff.desiredFrom).toBe('Helm release drift/web revision 2 (Secret sh.helm.release.v1.web.v2)');
    expect(diff.deployer).toBe('Helm release drift/web');
    expect(diff.changes).toEqual([
      {
        path: 'spec.replicas',
        change: 'changed',
        desired: '2',
        live: '5',
        writer: {
          manager: 'kubectl',
          operation: 'Update',
          subresource: 'scale',
          what: 'kubectl scale',
        },
      },
      {
        path: 'spec.template.spec.containers[name=web].image',
        change: 'changed',
        desired: '"nginx:1.27"',
        live: '"nginx:1.28"',
        writer: {
          manager: 'kubectl-edit',
          operation: 'Update',
          time: '2026-11-27T14:05:00Z',
          what: 'kubectl edit',
        },
      },
    ]);
    // The built-in controller's revision annotation and status are not drift; the writers are.
    expect(diff.writers.map((w) => [w.manager, w.fields])).toEqual([
      ['kubectl-edit', ['spec.template.spec.containers[name=web].image']],
      ['kubectl', ['spec.replicas']], // no time recorded: listed last
    ]);
    expect(diff.drifted).toBe(true);
    const text = renderDiffText(diff);
    expect(text).toContain('~ spec.replicas: 2 → 5');
    expect(text).toContain('kubectl-edit = kubectl edit (Update) at 2026-11-27T14:05:00Z');
  });

  it('does not call server defaults, quantities written another way or reordered lists drift', async () => {
    const diff = await diffOf('deployment', 'web');
    const paths = diff.changes.map((c) => c.path).join(' ');
    // progressDeadlineSeconds, imagePullPolicy, protocol and restartPolicy are defaulted; cpu "0.5" is 500m.
    for (const defaulted of [
      'progressDeadlineSeconds',
      'imagePullPolicy',
      'protocol',
      'restartPolicy',
      'cpu',
    ])
      expect(paths).not.toContain(defaulted);
    const desired = {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
        securityContext: {},
        x: null,
      },
      metadata: { name: 'n', uid: 'desired-uid', annotations: { a: '1' } },
      status: { phase: 'Running' },
    };
    const live = {
      spec: {
        containers: [
          { name: 'b', image: 'y', extra: 1 },
          { name: 'a', image: 'x' },
        ],
        dnsPolicy: 'ClusterFirst',
      },
      metadata: { name: 'n', uid: 'other', annotations: { a: '1', b: '2' } },
      status: { phase: 'Pending' },
    };
    expect(compareObjects(desired, live)).toEqual([]);
    live.spec.containers.push({ name: 'c', image: 'z' });
    expect(compareObjects(desired, live)).toEqual([
      { path: 'spec.containers[name=c]', change: 'added', live: { name: 'c', image: 'z' } },
    ]);
  });

  it('Secret and ConfigMap data: key names only, never a value', async () => {
    const secret = await diffOf('secret', 'web-creds');
    expect(secret.desiredSource).toBe('helm-release');
    expect(secret.changes).toEqual([]); // same keys; values are never compared or shown
    expect(secret.writers).toMatchObject([{ manager: 'kubectl-edit', fields: ['data.token'] }]);
    const configMap = await diffOf('cm', 'web-config');
    expect(configMap).toMatchObject({
      desiredSource: 'helm-release',
      changes: [],
      writers: [],
      drifted: false,
    });
    for (const diff of [secret, configMap]) {
      expectNoCanary(JSON.stringify(diff), 'diff JSON');
      expectNoCanary(renderDiffText(diff), 'diff text');
    }
  });
});

describe('diff without a Helm release', () => {
  it('an object applied with kubectl apply: last-applied-configuration is the desired state', async () => {
    const diff = await diffOf('deployment', 'hand');
    expect(diff.desiredSource).toBe('last-applied');
    expect(diff.deployer).toBe('kubectl apply');
    expect(diff.changes).toEqual([
      expect.objectContaining({
        path: 'spec.template.spec.containers[name=main].env[name=MODE].value',
        desired: '"prod"',
        live: '"debug"',
        writer: expect.objectContaining({ manager: 'kubectl-edit', time: '2026-11-26T12:00:00Z' }),
      }),
    ]);
  });

  it('a Flux Kustomization: says the desired state is not readable, shows the managedFields drift', async () => {
    const diff = await diffOf('deployment', 'flux-app');
    expect(diff.desiredSource).toBe('none');
    expect(diff.noDesired).toMatch(
      /Flux Kustomization flux-system\/apps applies an artifact .* not readable/,
    );
    expect(diff.deployerManagers).toEqual(['kustomize-controller']);
    expect(diff.writers).toMatchObject([
      { manager: 'kubectl-edit', time: '2026-11-26T16:30:00Z', fields: ['metadata.labels.debug'] },
    ]);
    expect(diff.drifted).toBe(true);
  });

  it('a snapshot without field sets still names the writers, and a reduced release manifest is no desired state', async () => {
    const diff = await diffOf('deployment', 'shop-web', 'helm-revisions', 'shop');
    expect(diff.desiredSource).toBe('none');
    expect(diff.noDesired).toContain('holds no body');
    expect(diff.writers).toEqual([]); // helm is the deployer: its write is not drift
    expectNoCanary(JSON.stringify(diff), 'helm-revisions diff');
  });

  it('an object that does not exist is a not-found error; a name with a slash is bad input', async () => {
    await expect(diffOf('deployment', 'nope')).rejects.toMatchObject({ code: 'not-found' });
    await expect(diffOf('deployment', '..')).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('fieldsV1', () => {
  it('decodes fields, keyed list items, set values and indexes into readable paths', () => {
    const owned = decodeFieldsV1({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:app.kubernetes.io/name': {} } },
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {} } },
              },
            },
          },
        },
        'f:finalizers': { 'v:"a/b"': {} },
        'f:list': { 'i:0': {} },
      },
    });
    expect(owned.leaves).toEqual([
      'metadata.labels.app',
      'metadata.labels["app.kubernetes.io/name"]',
      'spec.template.spec.containers[name=web].image',
      'spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP]',
      'spec.finalizers["a/b"]',
      'spec.list[0]',
    ]);
    expect(owned.owned.has('spec.template.spec.containers[name=web]')).toBe(true);
    expect(decodeFieldsV1('not an object').leaves).toEqual([]);
    expect(decodeFieldsV1({ 'k:{broken': {} }).leaves).toEqual(['[{broken]']);
  });
});

describe('field managers in words', () => {
  it('kubectl edit, kubectl scale, an HPA, kubectl apply and a client without a manager', () => {
    expect(describeWriter({ manager: 'kubectl-edit', operation: 'Update' })).toBe('kubectl edit');
    expect(describeWriter({ manager: 'kubectl', operation: 'Update', subresource: 'scale' })).toBe(
      'kubectl scale',
    );
    expect(
      describeWriter({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale' }),
    ).toBe('HorizontalPodAutoscaler');
    expect(describeWriter({ manager: 'kubectl-client-side-apply', operation: 'Update' })).toBe(
      'kubectl apply',
    );
    expect(describeWriter({ manager: 'kubectl', operation: 'Apply' })).toBe('kubectl apply --server-side');
    expect(describeWriter({ manager: 'Mozilla/5.0 (X11)', operation: 'Update' })).toBe(
      'Mozilla (a client that sets no field manager)',
    );
  });
});
