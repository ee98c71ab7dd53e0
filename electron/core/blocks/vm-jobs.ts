// A block that survives a dropped link: it runs on the VM as a transient systemd service
// (every course VM has systemd; tmux is not guaranteed), its output kept in a file under
// /run (a tmpfs: a reboot leaves nothing behind), and the terminal only *follows* it.
//
// Files of job <id> in JOB_DIR (root only, 700):
//   <id>.sh      the block, with the terminal's rule that its first failing command fails it
//   <id>.run     the unit's command: runs <id>.sh, then writes its status to <id>.status
//                (through <id>.status.tmp and a rename, so a reader never sees half of it)
//   <id>.attach  what the terminal runs to follow it: prints <id>.out from a given line
//                until the unit ends, then its status; Ctrl-C there interrupts the unit
//   <id>.out     the unit's standard output and error (StandardOutput=file:)
// The unit, k8s-tutor-block-<id>.service, is started with --collect: systemd forgets it
// once it ends, whatever its result. The app removes the files when the run is over; a
// connection sweeps the files of jobs nobody follows any more once they have ended.
//
// The follower announces itself and the status with invisible marks (OSC 6974, which
// xterm ignores): ESC ] 6974 ; A ; <id> BEL before the output, ESC ] 6974 ; S ; <id> ;
// <status|lost> BEL after it. The app counts the newlines between them: after a dropped
// link it follows again from the first line it had not fully shown.
import { randomBytes } from 'node:crypto';
import { EVENT_OSC } from '../terminals/shell-integration';
import { shq } from '../terminals/shell-quote';

export const JOB_DIR = '/run/k8s-tutor/blocks';
/** startCommand's exit status on a VM whose init is not systemd (a container, WSL): nothing was written. */
export const NO_SYSTEMD = 90;
export const UNIT_PREFIX = 'k8s-tutor-block-';

/** A job id: 16 hex digits (safe in a unit name, a file name and a shell word). */
export function newJobId(): string {
  return randomBytes(8).toString('hex');
}

const ID = /^[0-9a-f]{16}$/;

function checkId(id: string): string {
  if (!ID.test(id)) throw new Error(`not a job id: ${id}`);
  return id;
}

export function unitName(id: string): string {
  return `${UNIT_PREFIX}${checkId(id)}.service`;
}

/**
 * The block as a script: like the terminal's shell integration, the first failing command's
 * status fails the block even when a later one succeeds.
 */
export function blockScript(text: string): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return [
    '__kt_fail=0',
    `trap '__kt_s=$?; [ "$__kt_fail" -ne 0 ] || __kt_fail=$__kt_s' ERR`,
    body,
    '__kt_s=$?',
    '[ "$__kt_fail" -eq 0 ] || exit "$__kt_fail"',
    'exit "$__kt_s"',
    '',
  ].join('\n');
}

/**
 * The unit's command. It ignores the Ctrl-C it forwards to the block (`trap :`: the block
 * itself gets the default action), so it lives to write the status. The block runs in a
 * login shell, in root's home, as the terminal's commands do; its input is /dev/null.
 */
export function runScript(dir: string, id: string): string {
  const f = `${dir}/${checkId(id)}`;
  return [
    'trap : INT',
    // A system service has no login environment: give the block root's, as its terminal has.
    'export HOME=~root USER=root LOGNAME=root TERM=dumb',
    'cd ~root 2>/dev/null',
    `bash -l ${shq(`${f}.sh`)} </dev/null`,
    's=$?',
    `printf '%s\\n' "$s" > ${shq(`${f}.status.tmp`)} && mv -f ${shq(`${f}.status.tmp`)} ${shq(`${f}.status`)}`,
    '',
  ].join('\n');
}

/**
 * What the terminal runs to follow the job from line $1 (1-based). `tail --pid` exits after
 * the unit's main process ends and it has printed what was written; once the unit is gone
 * (it ended while nobody followed), a plain tail prints the rest. Ctrl-C reaches this script
 * (and not the background tail, which ignores it): it is passed on to the unit's processes.
 */
export function attachScript(dir: string, id: string): string {
  const f = `${dir}/${checkId(id)}`;
  const unit = unitName(id);
  const mark = (body: string) => `printf '\\033]${EVENT_OSC};${body}\\007'`;
  return [
    `trap 'systemctl kill --signal=INT ${unit} 2>/dev/null' INT`,
    // A dim line for the learner, before the start mark (it is not the job's output).
    `if [ "$1" -le 1 ]; then w="it keeps running if the connection drops"; else w="following it again from line $1, after a dropped connection"; fi`,
    `printf '\\033[2m— running on this VM as ${unit}: %s —\\033[0m\\n' "$w" >&2`,
    mark(`A;${id}`),
    `p=$(systemctl show -p MainPID --value ${unit} 2>/dev/null)`,
    `case "$p" in ''|0|*[!0-9]*) tail -n "+$1" ${shq(`${f}.out`)} & ;; *) tail -n "+$1" -s 0.2 -f --pid="$p" ${shq(`${f}.out`)} & ;; esac`,
    't=$!',
    // wait returns early when the trap runs: keep waiting for tail itself.
    'while kill -0 "$t" 2>/dev/null; do wait "$t"; done',
    `if s=$(cat ${shq(`${f}.status`)} 2>/dev/null) && [ -n "$s" ]; then`,
    `  printf '\\033]${EVENT_OSC};S;${id};%s\\007' "$s"`,
    '  exit "$s"',
    'fi',
    mark(`S;${id};lost`),
    `echo "The block ended without a status (its unit was stopped)." >&2`,
    'exit 255',
    '',
  ].join('\n');
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * One command (run as root, through the connection's elevation) that writes the job's files
 * and starts its unit. The block travels base64-encoded, so no character of it is special.
 */
export function startCommand(id: string, text: string, dir = JOB_DIR): string {
  const f = `${dir}/${checkId(id)}`;
  const write = (suffix: string, content: string) => `printf %s ${b64(content)} | base64 -d > ${shq(`${f}${suffix}`)}`;
  return [
    // systemd says "offline" where it is not the init (a container, WSL without it).
    `if ! command -v systemd-run >/dev/null 2>&1 || [ "$(systemctl is-system-running 2>/dev/null)" = offline ]; then exit ${NO_SYSTEMD}; fi`,
    'set -e',
    'umask 077',
    `mkdir -p ${shq(dir)}`,
    write('.sh', blockScript(text)),
    write('.run', runScript(dir, id)),
    write('.attach', attachScript(dir, id)),
    `systemd-run --quiet --collect --unit=${shq(unitName(id))} --description=${shq('k8s-tutor lesson block')} ` +
      `--property=StandardOutput=${shq(`file:${f}.out`)} --property=StandardError=inherit /bin/bash ${shq(`${f}.run`)}`,
  ].join('\n');
}

/** What the terminal is given to follow job `id` from line `fromLine`. */
export function attachCommand(id: string, fromLine: number, dir = JOB_DIR): string {
  return `bash ${shq(`${dir}/${checkId(id)}.attach`)} ${Math.max(1, Math.floor(fromLine))}`;
}

/** Removes a finished job's files (its unit is already collected; reset-failed makes sure). */
export function cleanupCommand(id: string, dir = JOB_DIR): string {
  return `rm -f ${shq(`${dir}/${checkId(id)}`)}.*; systemctl reset-failed ${unitName(id)} 2>/dev/null; true`;
}

/**
 * Removes the files of every job but `keep` that has ended (a status file, or no active
 * unit for more than a minute): jobs that lost their follower (the app closed, the terminal
 * was closed) are cleaned up at the next connection. A job still running, or starting, is
 * left alone.
 */
export function sweepCommand(keep: readonly string[], dir = JOB_DIR): string {
  const kept = keep.map(checkId).join(' ');
  return [
    `d=${shq(dir)}`,
    '[ -d "$d" ] || exit 0',
    'for p in "$d"/*; do',
    '  [ -e "$p" ] || continue',
    '  id=${p##*/}; id=${id%%.*}',
    `  case " ${kept} " in *" $id "*) continue ;; esac`,
    // No status and no active unit: stopped, or still starting (its files written, its unit
    // not yet started, by a start that raced this sweep): only files a minute old are stopped.
    `  if [ -e "$d/$id.status" ] || { [ -n "$(find "$d" -maxdepth 1 -name "$id.*" -mmin +1 2>/dev/null | head -n 1)" ] && ! systemctl is-active --quiet "${UNIT_PREFIX}$id.service" 2>/dev/null; }; then`,
    `    rm -f "$d/$id".*; systemctl reset-failed "${UNIT_PREFIX}$id.service" 2>/dev/null`,
    '  fi',
    'done',
    'true',
  ].join('\n');
}

export type FollowStatus = number | 'lost';

const MARK_OPEN = `\x1b]${EVENT_OSC};`;

/**
 * Reads one follower's output in the terminal: where it starts (its A mark), how many
 * lines of the job's output it has shown in full since, and the status it ends with.
 * Marks split between chunks are found too.
 */
export class FollowReader {
  /** Newlines shown since the A mark. */
  lines = 0;
  started = false;
  status: FollowStatus | undefined;
  private carry = '';
  private readonly start: string;
  private readonly end: RegExp;

  constructor(readonly id: string) {
    this.start = `${MARK_OPEN}A;${checkId(id)}\x07`;
    this.end = new RegExp(`\\x1b\\]${EVENT_OSC};S;${id};(\\d+|lost)\\x07`);
  }

  push(chunk: string): void {
    if (this.status !== undefined) return;
    let text = this.carry + chunk;
    this.carry = '';
    if (!this.started) {
      const at = text.indexOf(this.start);
      if (at === -1) {
        this.carry = text.slice(-(this.start.length - 1));
        return;
      }
      this.started = true;
      text = text.slice(at + this.start.length);
    }
    const end = this.end.exec(text);
    if (end) {
      this.lines += countNewlines(text.slice(0, end.index));
      this.status = end[1] === 'lost' ? 'lost' : Number(end[1]);
      return;
    }
    // Keep a possible unfinished end mark for the next chunk; count the rest now.
    const open = text.lastIndexOf(MARK_OPEN);
    const keepFrom = open !== -1 && text.length - open < 64 ? open : text.length - partialOpening(text);
    this.lines += countNewlines(text.slice(0, keepFrom));
    this.carry = text.slice(keepFrom);
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** How many of the text's last characters begin a mark's opening (0: none). */
function partialOpening(text: string): number {
  for (let n = Math.min(MARK_OPEN.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(MARK_OPEN.slice(0, n))) return n;
  }
  return 0;
}
