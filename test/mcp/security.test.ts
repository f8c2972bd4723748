// The HTTP transport's gate (server/mcp/security.ts): which Host, Origin and Authorization headers
// get in, for a loopback server, a server on a named address, and one on every address.
import { describe, expect, it } from 'vitest';
import { checkAccess, isLoopback } from '../../server/mcp/security.js';

const loopback = { bindHost: '127.0.0.1', port: 8731 };

describe('checkAccess', () => {
  it('lets in loopback Host names on the bound port, with no Origin or a local one', () => {
    for (const host of ['localhost:8731', '127.0.0.1:8731', '[::1]:8731', 'LOCALHOST:8731'])
      expect(checkAccess({ host }, loopback), host).toBeUndefined();
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8731', 'https://[::1]'])
      expect(checkAccess({ host: 'localhost:8731', origin }, loopback), origin).toBeUndefined();
  });

  it('refuses other Hosts (DNS rebinding), other ports, a missing Host, and foreign Origins with 403', () => {
    for (const host of [
      'evil.example:8731',
      'localhost:9999',
      'localhost',
      '127.0.0.1.nip.io:8731',
      undefined,
    ])
      expect(checkAccess({ host }, loopback)?.status, String(host)).toBe(403);
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'file://'])
      expect(checkAccess({ host: 'localhost:8731', origin }, loopback)?.status, origin).toBe(403);
  });

  it('requires the bearer token when one is set: 401 without it or with another', () => {
    const policy = { ...loopback, token: 'abc123' };
    expect(checkAccess({ host: 'localhost:8731' }, policy)?.status).toBe(401);
    expect(checkAccess({ host: 'localhost:8731', authorization: 'Bearer wrong' }, policy)?.status).toBe(401);
    expect(checkAccess({ host: 'localhost:8731', authorization: 'Basic abc123' }, policy)?.status).toBe(401);
    expect(checkAccess({ host: 'localhost:8731', authorization: 'Bearer abc123' }, policy)).toBeUndefined();
    // Host and Origin are checked before the token: a rebinding page learns nothing about it.
    expect(checkAccess({ host: 'evil.example:8731', authorization: 'Bearer abc123' }, policy)?.status).toBe(
      403,
    );
  });

  it('accepts the bound address itself, and any name when bound to every address', () => {
    expect(checkAccess({ host: '10.0.0.5:8731' }, { bindHost: '10.0.0.5', port: 8731 })).toBeUndefined();
    expect(checkAccess({ host: 'other:8731' }, { bindHost: '10.0.0.5', port: 8731 })?.status).toBe(403);
    expect(
      checkAccess({ host: 'box.lan:8731' }, { bindHost: '0.0.0.0', port: 8731, token: 't' })?.status,
    ).toBe(401);
  });
});

describe('isLoopback', () => {
  it('knows the loopback names and addresses', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::'])
      expect(isLoopback(host), host).toBe(false);
  });
});
