// A long whole-cluster call does not hold the server: on a 10k-object snapshot, a ping sent while
// list_pipelines runs is answered before it ends, and a cancelled call never answers. (How fast is
// for `npm run bench`: ping p99, a second client's trace, time for a cancel to stop the work.)
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bigClusterSnapshot } from './big-cluster.js';
import { serverEnv, tempHistoryDir } from './client.js';
import { RawClient } from './raw.js';

describe('cub-scout mcp on a 10k-object cluster, while a whole-cluster call runs', () => {
  let snapshot: string;
  let client: RawClient | undefined;
  beforeAll(() => {
    snapshot = bigClusterSnapshot();
  });
  afterEach(() => client?.close());

  const start = async () => {
    client = new RawClient(['--snapshot', snapshot, '--no-history'], serverEnv(tempHistoryDir()));
    await client.initialize();
    return client;
  };
  const listPipelines = (c: RawClient, id: number) =>
    c.send({
      id,
      method: 'tools/call',
      params: { name: 'list_pipelines', arguments: { trace: true }, _meta: { progressToken: `p${id}` } },
    });
  const started = (c: RawClient, id: number) =>
    c.next((m) => m.method === 'notifications/progress' && m.params?.progressToken === `p${id}`);

  it('answers a ping before the long call ends', async () => {
    const c = await start();
    listPipelines(c, 1);
    await started(c, 1);
    c.send({ id: 2, method: 'ping' });
    const [ping, list] = await Promise.all([c.reply(2), c.reply(1)]);
    expect(ping.result).toEqual({});
    expect(list.result?.isError).toBeFalsy();
    expect(c.received.indexOf(ping)).toBeLessThan(c.received.indexOf(list));
  });

  it('stops a cancelled call: it never answers, and the next call is answered', async () => {
    const c = await start();
    listPipelines(c, 3);
    await started(c, 3);
    c.send({ method: 'notifications/cancelled', params: { requestId: 3, reason: 'user cancelled' } });
    listPipelines(c, 4);
    const after = await c.reply(4);
    expect(after.result?.isError).toBeFalsy();
    // The cancelled call started first with the same work: had it run on, it would have answered.
    expect(c.received.filter((m) => m.id === 3)).toEqual([]);
  });
});
