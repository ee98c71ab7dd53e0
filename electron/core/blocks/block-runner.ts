// Runs text in a terminal the way a learner would (a bracketed paste and Enter), and
// follows each terminal's prompt marks to know when a run ended and with which status.
// Commands typed by the learner between runs are reported for typing mode.
// A *detached* run (a lesson block on a VM) runs as a systemd unit there (vm-jobs.ts): the
// terminal only follows its output, so a dropped link loses nothing. The run stays open
// through the break; once the terminal has reconnected, it follows the job again from the
// first line it had not shown, and the run ends with the job's own status.
import { randomUUID } from 'node:crypto';
import type { TerminalInfo } from '../../../common/api';
import { ApiError } from '../../../common/errors';
import type { TerminalService } from '../terminals/terminal-service';
import { COMMAND_START_MARK, MarkScanner, type PromptMark, pasteCommand } from '../terminals/shell-integration';
import { FollowReader, attachCommand, newJobId } from './vm-jobs';

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
/** A command the learner typed was running when the terminal's link dropped: it was cut. */
export type CutListener = (terminalId: string, target: string) => void;
/** A detached run lost its terminal's link (`false`), or follows its job again (`true`). */
export type FollowListener = (runId: string, following: boolean, target: string) => void;

/** What a detached run needs on the VM (block-service.ts does it over the role's connection). */
export interface VmJobs {
  /**
   * Writes the job's files and starts its unit (as root); rejects when it could not.
   * Resolves false when the VM has no systemd: the block is then pasted as before.
   */
  start(target: string, id: string, text: string): Promise<boolean>;
  /** Removes an ended job's files. */
  cleanup(target: string, id: string): Promise<void>;
}

interface JobFollow {
  id: string;
  /** Lines of the job's output shown in full by the followers before this one. */
  shown: number;
  /** The follower pasted in the current shell; none while the link is down. */
  reader?: FollowReader;
  /** The link came back: the new shell's first prompt starts the next follower. */
  awaitingPrompt: boolean;
}

interface ActiveRun {
  runId: string;
  started: number;
  historyAtStart?: number;
  output: string;
  job?: JobFollow;
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
  /** A command started (PS0 mark) and its prompt has not come back yet. */
  commandRunning: boolean;
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
  private cutListeners = new Set<CutListener>();
  private followListeners = new Set<FollowListener>();
  private stateOffs: (() => void)[] = [];
  private readonly off: () => void;

  /** Without `jobs`, every run is pasted into the terminal (and dies with its link). */
  constructor(
    private readonly terminals: TerminalService,
    private readonly jobs?: VmJobs,
  ) {
    this.off = terminals.onOutput((terminalId, target, data) => this.onOutput(terminalId, target, data));
  }

  onCut(listener: CutListener): () => void {
    this.cutListeners.add(listener);
    return () => this.cutListeners.delete(listener);
  }

  onFollow(listener: FollowListener): () => void {
    this.followListeners.add(listener);
    return () => this.followListeners.delete(listener);
  }

  /** The ids of the VM jobs this target's runs follow (or wait to follow again). */
  jobIds(target: string): string[] {
    const ids: string[] = [];
    for (const track of this.tracks.values()) if (track.target === target && track.run?.job) ids.push(track.run.job.id);
    return ids;
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

  /**
   * Opens (or reuses) the target's terminal, waits for it, pastes `text` and returns at once.
   * `detached`: run it as a VM job that outlives the link, and paste only its follower.
   */
  async start(target: string, text: string, options: { detached?: boolean; connectTimeoutMs?: number } = {}): Promise<StartedRun> {
    const connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
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
      let finished = false;
      finish = (exitCode, reason, lastExitCode) => {
        if (finished) return;
        finished = true;
        if (track.run?.runId === runId) track.run = undefined;
        // A job whose end the follower saw is removed now; one that may still run (its
        // terminal closed, the app closes) is left to the sweep of a later connection.
        if (run.job?.reader?.status !== undefined) void this.jobs?.cleanup(target, run.job.id).catch(() => undefined);
        resolve({ runId, terminalId, exitCode, lastExitCode: lastExitCode ?? exitCode, durationMs: Date.now() - started, tail: plainTail(run.output), output: plainTail(run.output, Number.MAX_SAFE_INTEGER), ...(reason ? { reason } : {}) });
      };
    });
    const run: ActiveRun = { runId, started, output: '', finish, ...(track.lastHistory !== undefined ? { historyAtStart: track.lastHistory } : {}) };
    track.run = run;
    if (track.integrated && options.detached && this.jobs) {
      const id = newJobId();
      run.job = { id, shown: 0, reader: new FollowReader(id), awaitingPrompt: false };
      let started: boolean;
      try {
        started = await this.jobs.start(target, id, text);
        if (started) await this.terminals.writeTerminal(terminalId, pasteCommand(attachCommand(id, 1), track.bracketed));
      } catch (err) {
        finish(null, err instanceof Error ? err.message : String(err));
        throw err;
      }
      if (started) return { runId, terminalId, done };
      delete run.job;
    }
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
    for (const off of this.stateOffs) off();
    for (const track of this.tracks.values()) track.run?.finish(null, 'the app is closing');
    this.tracks.clear();
  }

  private track(terminalId: string, target: string): Track {
    let track = this.tracks.get(terminalId);
    if (!track) {
      const created: Track = { target, scanner: new MarkScanner(), bracketed: false, integrated: false, commandRunning: false, waiters: [] };
      this.tracks.set(terminalId, created);
      this.stateOffs.push(this.terminals.onState(terminalId, (info) => this.onState(terminalId, created, info)));
      track = created;
    }
    return track;
  }

  private onState(terminalId: string, track: Track, info: TerminalInfo): void {
    const run = track.run;
    if (info.state === 'disconnected' || info.state === 'reconnecting') {
      // The next shell announces bracketed paste again.
      track.bracketed = false;
      if (run?.job) {
        const job = run.job;
        if (job.reader) {
          job.shown += job.reader.lines;
          job.reader = undefined;
          for (const listener of this.followListeners) listener(run.runId, false, track.target);
        }
        job.awaitingPrompt = false;
      } else if (run) {
        // A pasted run dies with its shell: its status is unknown.
        run.finish(null, `the connection to ${track.target} was lost (${info.detail ?? info.state}); check the terminal, then run the block again`);
      } else if (track.commandRunning) {
        track.commandRunning = false;
        for (const listener of this.cutListeners) listener(terminalId, track.target);
      }
    } else if (info.state === 'connected') {
      if (run?.job && !run.job.reader) run.job.awaitingPrompt = true;
    } else if (info.state === 'closed') {
      track.commandRunning = false;
      if (run) {
        const still = run.job ? ` (it may still be running on the VM as k8s-tutor-block-${run.job.id}; the app removes it once it has ended)` : '';
        run.finish(null, `the ${track.target} terminal closed (${info.detail ?? 'closed'})${still}`);
      }
    }
  }

  /** The new shell after a dropped link is ready: follow the job again from its first unseen line. */
  private async follow(terminalId: string, track: Track, run: ActiveRun, job: JobFollow): Promise<void> {
    if (!track.bracketed) await this.waitFor(track, () => track.bracketed, 300);
    if (track.run !== run || job.reader || job.awaitingPrompt) return;
    job.reader = new FollowReader(job.id);
    if (track.lastHistory !== undefined) run.historyAtStart = track.lastHistory;
    else delete run.historyAtStart;
    try {
      await this.terminals.writeTerminal(terminalId, pasteCommand(attachCommand(job.id, job.shown + 1), track.bracketed));
      for (const listener of this.followListeners) listener(run.runId, true, track.target);
    } catch {
      // The link dropped again: the next connection tries once more.
      job.reader = undefined;
    }
  }

  private onOutput(terminalId: string, target: string, output: readonly Uint8Array[]): void {
    const track = this.track(terminalId, target);
    // Searched as bytes (the sequences are ASCII), part by part (a batch is the backend's
    // chunks, not one buffer): output is decoded only while a run keeps it.
    const parts = output.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    const on = lastIndexIn(parts, '\x1b[?2004h');
    const off = lastIndexIn(parts, '\x1b[?2004l');
    if (on !== -1 || off !== -1) track.bracketed = on > off;
    if (track.run) {
      // A batch ends on a character boundary, so it decodes on its own.
      const text = Buffer.concat(parts).toString('utf8');
      track.run.output += text;
      if (track.run.output.length > OUTPUT_KEEP * 2) track.run.output = track.run.output.slice(-OUTPUT_KEEP);
      track.run.job?.reader?.push(text);
    }
    // A command is running when its start mark came after the last prompt mark.
    const started = lastIndexIn(parts, COMMAND_START_MARK);
    const prompted = lastIndexIn(parts, '\x1b]6973;D;');
    if (started !== -1 || prompted !== -1) track.commandRunning = started > prompted;
    for (const part of parts) for (const mark of track.scanner.pushBytes(part)) this.onMark(terminalId, track, mark);
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
    const job = run?.job;
    if (run && job) {
      if (job.awaitingPrompt) {
        job.awaitingPrompt = false;
        void this.follow(terminalId, track, run, job);
        return;
      }
      // Only the follower's own prompt ends the run, with the job's status (not the follower's).
      if (!job.reader || (run.historyAtStart !== undefined && mark.historyNumber !== undefined && mark.historyNumber <= run.historyAtStart)) return;
      const status = job.reader.status;
      if (typeof status === 'number') run.finish(status);
      else if (status === 'lost') run.finish(null, `the block on ${track.target} was stopped before it could report its status`);
      else run.finish(null, `the block's output and status are gone from ${track.target} (did the VM restart?); check, then run it again`);
      return;
    }
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

/**
 * Where `needle` (ASCII) last begins in output given as parts, as an offset into all of
 * it, or -1. A needle may straddle two parts (a chunk boundary falls anywhere).
 */
export function lastIndexIn(parts: readonly Buffer[], needle: string): number {
  let start = parts.reduce((n, p) => n + p.length, 0);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    start -= part.length;
    const at = part.lastIndexOf(needle);
    if (at !== -1) return start + at;
    if (i === 0) break;
    // Across the seam with the part before: its last bytes and this one's first.
    const before = parts[i - 1]!;
    const k = Math.min(needle.length - 1, before.length);
    const seam = Buffer.concat([before.subarray(before.length - k), part.subarray(0, needle.length - 1)]);
    const s = seam.lastIndexOf(needle);
    if (s !== -1) return start - k + s;
  }
  return -1;
}
