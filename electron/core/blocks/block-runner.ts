// Runs text in a terminal the way a learner would (a bracketed paste and Enter), and
// follows each terminal's prompt marks to know when a run ended and with which status.
// Commands typed by the learner between runs are reported for typing mode.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../common/errors';
import type { TerminalService } from '../terminals/terminal-service';
import { MarkScanner, type PromptMark, pasteCommand } from '../terminals/shell-integration';

export interface RunResult {
  runId: string;
  terminalId: string;
  /** The first failing command's status, else the last command's; null if the link dropped. */
  exitCode: number | null;
  /** The last command's status alone (a reset step ending in `; true` succeeds). */
  lastExitCode: number | null;
  durationMs: number;
  /** Plain text of the last lines of output. */
  tail: string;
  /** Plain text of the run's output (its last 64 KiB at least), for a block's expected output. */
  output: string;
  reason?: string;
}

export interface StartedRun {
  runId: string;
  terminalId: string;
  done: Promise<RunResult>;
}

export type TypedListener = (terminalId: string, target: string, command: string, status: number) => void;

interface ActiveRun {
  runId: string;
  started: number;
  historyAtStart?: number;
  output: string;
  finish(exitCode: number | null, reason?: string, lastExitCode?: number): void;
}

interface Track {
  target: string;
  scanner: MarkScanner;
  /** readline announced bracketed paste (ESC[?2004h) more recently than it turned it off. */
  bracketed: boolean;
  /** A prompt mark was seen: the shell integration is working in this terminal. */
  integrated: boolean;
  lastHistory?: number;
  run?: ActiveRun;
  /** Called on every output chunk (waitFor). */
  waiters: (() => void)[];
}

const TAIL_LINES = 20;
const OUTPUT_KEEP = 64 * 1024;
// CSI, OSC (BEL or ST terminated) and other two-char escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Replays carriage returns and backspaces the way a terminal draws them, per line. */
function drawLine(raw: string): string {
  const cells: string[] = [];
  let col = 0;
  for (const ch of raw) {
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\t' || ch >= ' ') cells[col++] = ch;
  }
  return cells.join('').trimEnd();
}

export function plainTail(output: string, lines = TAIL_LINES): string {
  const text = output.replace(ANSI, '').replace(/\r+\n/g, '\n');
  const drawn = text.split('\n').map(drawLine);
  while (drawn.length && drawn.at(-1) === '') drawn.pop();
  return drawn.slice(-lines).join('\n').trim();
}

export class BlockRunner {
  private tracks = new Map<string, Track>();
  private typedListeners = new Set<TypedListener>();
  private readonly off: () => void;

  constructor(private readonly terminals: TerminalService) {
    this.off = terminals.onOutput((terminalId, target, data) => this.onOutput(terminalId, target, data));
  }

  onTyped(listener: TypedListener): () => void {
    this.typedListeners.add(listener);
    return () => this.typedListeners.delete(listener);
  }

  isBusy(terminalId: string): boolean {
    return this.tracks.get(terminalId)?.run !== undefined;
  }

  /** A run is going on in one of this target's terminals. */
  isTargetBusy(target: string): boolean {
    for (const track of this.tracks.values()) if (track.target === target && track.run) return true;
    return false;
  }

  /** Opens (or reuses) the target's terminal, waits for it, pastes `text` and returns at once. */
  async start(target: string, text: string, connectTimeoutMs = 20_000): Promise<StartedRun> {
    const terminalId = await this.terminals.terminalFor(target);
    await this.terminals.whenConnected(terminalId, connectTimeoutMs);
    const track = this.track(terminalId, target);
    if (!track.integrated) await this.waitFor(track, () => track.integrated, 5_000);
    // readline turns bracketed paste on as it draws the prompt, just after the mark.
    if (track.integrated && !track.bracketed) await this.waitFor(track, () => track.bracketed, 300);
    if (track.run) throw new ApiError('FAILED_PRECONDITION', `The ${target} terminal is still running a command. Wait for it, or press Interrupt.`);
    const runId = randomUUID();
    let finish!: (exitCode: number | null, reason?: string, lastExitCode?: number) => void;
    const started = Date.now();
    const done = new Promise<RunResult>((resolve) => {
      finish = (exitCode, reason, lastExitCode) => {
        if (track.run?.runId === runId) track.run = undefined;
        offState();
        resolve({ runId, terminalId, exitCode, lastExitCode: lastExitCode ?? exitCode, durationMs: Date.now() - started, tail: plainTail(run.output), output: plainTail(run.output, Number.MAX_SAFE_INTEGER), ...(reason ? { reason } : {}) });
      };
    });
    const run: ActiveRun = { runId, started, output: '', finish, ...(track.lastHistory !== undefined ? { historyAtStart: track.lastHistory } : {}) };
    // A dropped link ends the run: its status is unknown.
    const offState = this.terminals.onState(terminalId, (info) => {
      if (info.state === 'disconnected' || info.state === 'reconnecting' || info.state === 'closed') {
        finish(null, `the connection to ${target} was lost (${info.detail ?? info.state}); check the terminal, then run the block again`);
      }
    });
    track.run = run;
    if (!track.integrated) {
      // No prompt marks (bash missing on the VM): the block is sent, its status unknown.
      await this.terminals.writeTerminal(terminalId, pasteCommand(text, track.bracketed));
      finish(null, 'this shell does not report when a command ends (bash was not found), so the app cannot tell whether the block worked');
      return { runId, terminalId, done };
    }
    try {
      await this.terminals.writeTerminal(terminalId, pasteCommand(text, track.bracketed));
    } catch (err) {
      finish(null, err instanceof Error ? err.message : String(err));
      throw err;
    }
    return { runId, terminalId, done };
  }

  async interrupt(terminalId: string): Promise<void> {
    await this.terminals.writeTerminal(terminalId, '\x03');
  }

  dispose(): void {
    this.off();
    for (const track of this.tracks.values()) track.run?.finish(null, 'the app is closing');
    this.tracks.clear();
  }

  private track(terminalId: string, target: string): Track {
    let track = this.tracks.get(terminalId);
    if (!track) {
      track = { target, scanner: new MarkScanner(), bracketed: false, integrated: false, waiters: [] };
      this.tracks.set(terminalId, track);
    }
    return track;
  }

  private onOutput(terminalId: string, target: string, data: string): void {
    const track = this.track(terminalId, target);
    const on = data.lastIndexOf('\x1b[?2004h');
    const off = data.lastIndexOf('\x1b[?2004l');
    if (on !== -1 || off !== -1) track.bracketed = on > off;
    if (track.run) {
      track.run.output += data;
      if (track.run.output.length > OUTPUT_KEEP * 2) track.run.output = track.run.output.slice(-OUTPUT_KEEP);
    }
    for (const mark of track.scanner.push(data)) this.onMark(terminalId, track, mark);
    for (const waiter of [...track.waiters]) waiter();
  }

  private waitFor(track: Track, ready: () => boolean, timeoutMs: number): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!ready()) return false;
        finish();
        return true;
      };
      const finish = () => {
        clearTimeout(timer);
        track.waiters = track.waiters.filter((w) => w !== poll);
        resolve();
      };
      const poll = () => void check();
      const timer = setTimeout(finish, timeoutMs);
      track.waiters.push(poll);
    });
  }

  private onMark(terminalId: string, track: Track, mark: PromptMark): void {
    track.integrated = true;
    const isNew = mark.historyNumber !== undefined && track.lastHistory !== undefined && mark.historyNumber > track.lastHistory;
    const previous = track.lastHistory;
    if (mark.historyNumber !== undefined) track.lastHistory = mark.historyNumber;
    const run = track.run;
    if (run) {
      // The run's own prompt: history moved past where it started (or history is unknown).
      if (run.historyAtStart === undefined || mark.historyNumber === undefined || mark.historyNumber > run.historyAtStart) {
        run.finish(mark.firstFailure !== 0 ? mark.firstFailure : mark.status, undefined, mark.status);
      }
      return;
    }
    if (isNew && previous !== undefined && mark.command !== undefined) {
      for (const listener of this.typedListeners) listener(terminalId, track.target, mark.command, mark.firstFailure !== 0 ? mark.firstFailure : mark.status);
    }
  }
}
