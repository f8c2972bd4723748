// JSON-RPC answers the MCP SDK does not give the way the protocol says: a tools/call of an unknown
// tool, or with arguments that are not an object, is a protocol error (-32602) in a short line,
// not a tool result holding a validation dump; a stdio line that is not JSON gets -32700 instead
// of silence, one that is not a JSON-RPC message -32600. We look at messages before the SDK does.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { clip } from '../../shared/errors/clip.js';
import { TOOLS_OF, type Toolset } from './toolsets.js';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

export function guardTransport(transport: Transport, toolsets: readonly Toolset[]): void {
  const tools = toolsets.flatMap((t) => TOOLS_OF[t]);
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const refusal = refuseToolCall(message, tools);
    if (refusal && 'id' in message) {
      void transport.send(errorReply(message.id ?? null, INVALID_PARAMS, refusal)).catch(() => {});
      return;
    }
    onmessage?.(message, extra);
  };
  const onerror = transport.onerror;
  transport.onerror = (error) => {
    // The stdio transport reports a line it cannot read here and answers nothing: answer it.
    if (error instanceof SyntaxError)
      void transport.send(errorReply(null, PARSE_ERROR, 'parse error: a line is not JSON')).catch(() => {});
    else if (error.name === 'ZodError')
      void transport
        .send(errorReply(null, INVALID_REQUEST, 'invalid request: not a JSON-RPC 2.0 message'))
        .catch(() => {});
    onerror?.(error);
  };
}

/** Why a tools/call cannot be served, or undefined for any other message and a well-formed call. */
export function refuseToolCall(message: JSONRPCMessage, tools: string[]): string | undefined {
  if (!('method' in message) || message.method !== 'tools/call') return undefined;
  const params = message.params as Record<string, unknown> | undefined;
  const name = params?.name;
  if (typeof name !== 'string') return 'tools/call needs params.name, the tool to call';
  if (!tools.includes(name)) return `unknown tool "${clip(name, 60)}"; tools: ${tools.join(', ')}`;
  const args = params?.arguments;
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args)))
    return `arguments of ${name} must be an object of named arguments, not ${Array.isArray(args) ? 'an array' : args === null ? 'null' : `a ${typeof args}`}`;
  return undefined;
}

function errorReply(id: string | number | null, code: number, message: string): JSONRPCMessage {
  // A parse error has no request id to answer: JSON-RPC says id null.
  return { jsonrpc: '2.0', id: id as string | number, error: { code, message } };
}
