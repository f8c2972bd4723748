// Requests, connections and sequential rounds of this process, for measuring (the bench counts them
// per command): CUB_SCOUT_HTTP_STATS=1 prints one line to stderr at exit,
// `http: 5 requests, 1 connections, 2 sequential rounds`. A round starts whenever a request starts
// while none is in flight: requests sent together count once, each one that waits for another's
// answer counts again, which is what latency multiplies.
export interface HttpStats {
  requests: number;
  connections: number;
  rounds: number;
}

const stats: HttpStats = { requests: 0, connections: 0, rounds: 0 };
let inFlight = 0;
let reporting = false;

/** The counts so far (a copy). */
export function httpStats(): HttpStats {
  return { ...stats };
}

export function countRequestStart(): void {
  reportAtExit();
  stats.requests++;
  if (inFlight === 0) stats.rounds++;
  inFlight++;
}

export function countRequestEnd(): void {
  inFlight = Math.max(0, inFlight - 1);
}

export function countConnection(): void {
  stats.connections++;
}

function reportAtExit(): void {
  if (reporting || process.env.CUB_SCOUT_HTTP_STATS !== '1') return;
  reporting = true;
  process.once('exit', () => {
    const { requests, connections, rounds } = stats;
    process.stderr.write(
      `http: ${requests} requests, ${connections} connections, ${rounds} sequential rounds\n`,
    );
  });
}
