// One WebSocket of the browser host: reads calls, answers them, forwards events, and keeps
// what one client can cost the server bounded. A frame is validated before anything reads
// it; nothing a client sends may throw out of here (an exception in a listener would end
// the process, and every terminal and SSH session with it).
//
// Bounds per socket:
// - at most maxInFlight calls run at once: at the cap the socket stops being read (the
//   client's own TCP buffers then fill), and reading resumes when one finishes. Frames ws
//   had already read wait in order (at most one read's worth; a client that gets past
//   maxWaiting is closed);
// - answers and events not yet handed to the kernel are counted: above sendHighBytes no
//   further call starts and the socket is not read until they drain; a socket that stays
//   above it for slowMs, or reaches sendMaxBytes (events keep coming), is closed with 1008
//   and says why (a client that does not read).
import { isUtf8 } from 'node:buffer';
import type { RawData, WebSocket } from 'ws';
import type { Api, ApiEvents, EventName } from '../../common/api';
import { dispatch } from '../../common/rpc';
import { terminalFrameHeader } from '../../common/terminal-frames';
import { type Audience, TerminalOutput } from '../core';

export const SOCKET_LIMITS = {
  maxInFlight: 16,
  maxWaiting: 4096,
  sendHighBytes: 4 * 2 ** 20,
  sendMaxBytes: 32 * 2 ** 20,
  slowMs: 30_000,
  /** After a close frame, how long a peer that reads nothing keeps its socket. */
  closeGraceMs: 5_000,
};
export type SocketLimits = typeof SOCKET_LIMITS;

/** WebSocket close codes this host uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  unsupportedData: 1003,
  invalidPayload: 1007,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
} as const;

// ws closes protocol-level faults itself, with a bare code: these are the reasons it leaves out.
const WS_REASONS: Record<number, string> = {
  1002: 'protocol error (e.g. an unmasked frame from a client)',
  [CLOSE.invalidPayload]: 'text frames must be valid UTF-8',
  [CLOSE.tooBig]: 'frame too large',
};

type Incoming = { type: 'call'; id: number; name: unknown; args: unknown };

/** A frame's envelope: a call, a frame with a numeric id that is not one (answered), or junk (closed). */
function readEnvelope(value: unknown): Incoming | { id: number; problem: string } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'expected an object {type:"call", id, name, args}' };
  const msg = value as Record<string, unknown>;
  const id = Object.hasOwn(msg, 'id') ? msg.id : undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { problem: 'expected a call with an integer id' };
  if (msg.type !== 'call') return { id, problem: 'expected type "call"' };
  if (typeof msg.name !== 'string') return { id, problem: 'expected name to be an operation name' };
  if (Object.hasOwn(msg, 'args') && !Array.isArray(msg.args)) return { id, problem: 'expected args to be an array' };
  return { type: 'call', id, name: msg.name, args: msg.args ?? [] };
}

export interface SocketSessionOptions {
  api: Api;
  /** This socket's viewer id (an event's audience names viewers). */
  viewer: string;
  subscribe(sink: <E extends EventName>(name: E, payload: ApiEvents[E], audience?: Audience) => void): () => void;
  /** The socket closed: release what its viewer held. */
  onClose(): void;
  limits?: Partial<SocketLimits>;
}

export function serveSocket(ws: WebSocket, options: SocketSessionOptions): void {
  const limits = { ...SOCKET_LIMITS, ...options.limits };
  let inFlight = 0;
  const waiting: Incoming[] = [];
  let queuedBytes = 0;
  let slowSince: number | undefined;
  let slowTimer: ReturnType<typeof setTimeout> | undefined;
  let closing = false;

  // Reasons for the codes ws closes with on its own (a wrapper on this socket only).
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) => close(code, reason ?? (code === undefined ? undefined : WS_REASONS[code]));

  function shut(code: number, reason: string): void {
    if (closing) return;
    closing = true;
    clearTimeout(slowTimer);
    // Read again, so the peer's answer to the close frame ends the socket (frames are ignored now).
    ws.resume();
    try {
      ws.close(code, reason);
    } catch {
      ws.terminate();
    }
    // A peer that reads nothing never sees the close frame behind its unread data.
    setTimeout(() => ws.terminate(), limits.closeGraceMs).unref();
  }

  function updateReading(): void {
    if (closing) return;
    const behind = backlogged();
    if (behind && slowSince === undefined) {
      slowSince = Date.now();
      slowTimer = setTimeout(() => shut(CLOSE.policy, `too slow: more than ${Math.round(limits.sendHighBytes / 2 ** 20)} MB of answers and events unread for ${limits.slowMs / 1000} s`), limits.slowMs);
    } else if (!behind && slowSince !== undefined) {
      slowSince = undefined;
      clearTimeout(slowTimer);
    }
    if (behind || inFlight >= limits.maxInFlight) ws.pause();
    else ws.resume();
  }

  /** JSON text of a message, or undefined when it cannot be written (a BigInt, a cycle). */
  function serialize(message: object): string | undefined {
    try {
      return JSON.stringify(message);
    } catch {
      return undefined;
    }
  }

  function send(message: object): void {
    const text = serialize(message);
    if (text !== undefined) queue(text);
  }

  /**
   * Terminal output as one binary message (common/terminal-frames.ts): its bytes, no JSON.
   * Sent as fragments: the header, then the output's parts as core has them (the SSH
   * channel's chunks, core's TerminalOutput), so the output is never copied, neither into
   * one batch nor into a frame (the receiver's WebSocket joins the fragments).
   */
  function sendTerminalData(event: ApiEvents['terminal:data']): void {
    const parts = event instanceof TerminalOutput ? event.parts : [event.data];
    queue([terminalFrameHeader(event.terminalId), ...parts]);
  }

  /** Sends a text message, or a binary one given as fragments, and counts it until it is handed to the kernel. */
  function queue(payload: string | Uint8Array[]): void {
    if (closing || ws.readyState !== ws.OPEN) return;
    const bytes = typeof payload === 'string' ? payload.length : payload.reduce((n, part) => n + part.length, 0);
    queuedBytes += bytes;
    if (queuedBytes > limits.sendMaxBytes) {
      shut(CLOSE.policy, `too slow: ${Math.round(limits.sendMaxBytes / 2 ** 20)} MB of answers and events unread`);
      return;
    }
    const sent = () => {
      queuedBytes -= bytes;
      pump();
    };
    if (typeof payload === 'string') ws.send(payload, sent);
    else payload.forEach((part, i) => (i < payload.length - 1 ? ws.send(part, { binary: true, fin: false }) : ws.send(part, { binary: true, fin: true }, sent)));
    updateReading();
  }

  const backlogged = () => queuedBytes > limits.sendHighBytes;

  function answer(call: Incoming): void {
    if (waiting.length >= limits.maxWaiting) return shut(CLOSE.policy, `too many calls at once (more than ${limits.maxWaiting} waiting)`);
    waiting.push(call);
    pump();
  }

  /** Starts waiting calls while fewer than maxInFlight run and the client keeps up with the answers. */
  function pump(): void {
    while (!closing && waiting.length > 0 && inFlight < limits.maxInFlight && !backlogged()) {
      const call = waiting.shift()!;
      inFlight += 1;
      void dispatch(options.api, call.name, call.args)
        .then((envelope) => {
          // A result that cannot be written as JSON still gets an answer.
          const answerable = serialize(envelope) === undefined ? { ok: false, error: { code: 'INTERNAL', message: `${String(call.name)}: the result could not be sent` } } : envelope;
          send({ type: 'result', id: call.id, envelope: answerable });
        })
        .catch(() => shut(CLOSE.internal, 'internal error while answering a call'))
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
    updateReading();
  }

  function onMessage(raw: RawData, isBinary: boolean): void {
    if (closing) return;
    if (isBinary) return shut(CLOSE.unsupportedData, 'binary frames are not accepted: send JSON text');
    const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (!isUtf8(bytes)) return shut(CLOSE.invalidPayload, 'text frames must be valid UTF-8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      return shut(CLOSE.unsupportedData, 'messages must be JSON');
    }
    const msg = readEnvelope(parsed);
    if ('type' in msg) return answer(msg);
    if ('id' in msg) return send({ type: 'result', id: msg.id, envelope: { ok: false, error: { code: 'INVALID_ARGUMENT', message: msg.problem } } });
    shut(CLOSE.unsupportedData, msg.problem);
  }

  const unsubscribe = options.subscribe((name, payload, audience) => {
    // Called from inside core's emit: whatever happens here stays here.
    try {
      if (audience && !audience(options.viewer)) return;
      if (name === 'terminal:data') sendTerminalData(payload as ApiEvents['terminal:data']);
      else send({ type: 'event', name, payload });
    } catch {
      shut(CLOSE.internal, 'internal error while sending an event');
    }
  });
  // ws reports protocol faults (oversized, unmasked, broken frames) as 'error' and closes
  // the socket itself; without a listener the error would end the process.
  ws.on('error', () => {});
  ws.on('close', () => {
    closing = true;
    waiting.length = 0;
    clearTimeout(slowTimer);
    unsubscribe();
    options.onClose();
  });
  ws.on('message', (raw, isBinary) => {
    try {
      onMessage(raw, isBinary);
    } catch {
      shut(CLOSE.internal, 'internal error while reading a frame');
    }
  });
}
