// ConfigHub origin links: older annotations, the origin JSON, labels, drift, malformed stamps.
import { describe, expect, it } from 'vitest';
import { chainNames, traceScenario } from '../helpers/scenario.js';

describe('ConfigHub origin', () => {
  it('puts the unit first, above the Argo CD chain, when an object carries several marks', async () => {
    const r = await traceScenario('confighub-origin', 'deployment', 'payment-service', 'payments');
    expect(chainNames(r)).toEqual([
      'Unit/payment-service',
      'Application/payments',
      'Deployment/payment-service',
    ]);
    expect(r.tool).toBe('argo');
    expect(r.chain[0]).toMatchObject({
      role: 'origin',
      tool: 'confighub',
      namespace: 'production',
      revision: '14',
      ready: true,
      url: 'https://confighub.com/spaces/3f1c9a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/units/payment-service',
    });
    expect(r.chain[0]?.details?.target).toBe('8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d');
    expect(r.diagnosis.healthy).toBe(true);
  });

  it('reads the origin JSON annotation on an object ConfigHub applied itself', async () => {
    const r = await traceScenario('confighub-origin', 'deployment', 'checkout', 'payments');
    expect(chainNames(r)).toEqual(['Unit/checkout', 'Deployment/checkout']);
    expect(r.tool).toBe('confighub');
    expect(r.managed).toBe('managed');
    expect(r.chain[0]).toMatchObject({ namespace: 'production', revision: '7' });
    expect(r.chain[0]?.details?.unitId).toBe('c0ffee00-1111-4222-8333-444455556666');
  });

  it('reads labels on a generated ConfigMap', async () => {
    const r = await traceScenario('confighub-origin', 'configmap', 'checkout-env', 'payments');
    expect(r.chain[0]).toMatchObject({
      kind: 'Unit',
      name: 'checkout-env',
      namespace: 'production',
      url: null,
    });
  });

  it('breaks the chain at the unit when drift is detected', async () => {
    const r = await traceScenario('confighub-origin', 'deployment', 'ledger', 'payments');
    expect(r.diagnosis.brokenAt).toBe(0);
    expect(r.chain[0]).toMatchObject({ ready: false, reason: 'DriftDetected' });
    expect(r.diagnosis.summary).toMatch(/Unit production\/ledger failed/);
  });

  it('rejects malformed origin JSON with a warning and no origin link', async () => {
    const r = await traceScenario('confighub-origin', 'configmap', 'bad-origin', 'payments');
    expect(r.chain.some((l) => l.kind === 'Unit')).toBe(false);
    expect(r.tool).not.toBe('confighub');
    expect(r.warnings.join('\n')).toMatch(/malformed confighub.com\/origin annotation ignored/);
  });
});
