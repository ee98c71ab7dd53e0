// Shell integration: how the app knows when a command finished and with which status,
// and what the learner typed (typing mode), without touching their dotfiles. Terminals
// start bash with an rc file passed through a process substitution (nothing is written
// to disk); it loads the usual login files, then reports each prompt with an OSC mark:
//   ESC ] 6973 ; D ; <last status> ; <first failing status since the last prompt> ; <base64 of `history 1`> BEL
// and, through PS0 (bash 4.4+), each command's start with ESC ] 6974 ; C BEL, so a dropped
// link can tell whether a command was running (its output and status are lost with it).
// xterm ignores OSC codes it has no handler for, so the marks are invisible.

export const MARK_OSC = 6973;
/** Marks other than the prompt's: a command's start (C), and a followed VM job's (blocks/vm-jobs.ts). */
export const EVENT_OSC = 6974;
/** A command the shell read starts running (PS0). */
export const COMMAND_START_MARK = `\x1b]${EVENT_OSC};C\x07`;

const RC = String.raw`
if [ -f /etc/profile ]; then . /etc/profile; fi
for __kt_f in ~/.bash_profile ~/.bash_login ~/.profile; do if [ -f "$__kt_f" ]; then . "$__kt_f"; break; fi; done
unset __kt_f
# No inverse-video highlight of pasted text: with a block taller than the terminal, readline
# redraws it over itself and leaves highlighted fragments behind.
bind 'set enable-active-region off' 2>/dev/null
# Keep every command in history with its newlines: typing mode reads the last one.
shopt -s lithist cmdhist
HISTCONTROL=
__kt_fail=0
# The first failing command since the last prompt fails a pasted block. Failures while the
# prompt commands run (ours hands the learner's status on with return $s) do not count.
trap '__kt_s=$?; if [ -z "$__kt_prompting" ] && [ "$__kt_fail" -eq 0 ]; then __kt_fail=$__kt_s; fi' ERR
__kt_prompt() {
  local s=$? f=$__kt_fail h
  __kt_fail=0
  __kt_prompting=1
  h=$(HISTTIMEFORMAT= builtin history 1)
  printf '\033]6973;D;%s;%s;%s\007' "$s" "$f" "$(printf %s "$h" | base64 | tr -d '\n')"
  return $s
}
__kt_done() { __kt_prompting=; }
# Ours first (it must see the learner's status), the learner's own after it, trimmed of ';'.
__kt_pc=$PROMPT_COMMAND
while [[ $__kt_pc == *[\;\ ] ]]; do __kt_pc=@{__kt_pc%?}; done
PROMPT_COMMAND="__kt_prompt@{__kt_pc:+;$__kt_pc};__kt_done"
unset __kt_pc
PS0="@{PS0}\e]6974;C\a"
`.replaceAll('@{', '${'); // (a template literal cannot hold a literal dollar-brace)

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Arguments that start bash itself with the integration (for the local shell). */
export function integratedBashArgs(): string[] {
  return ['-c', `exec bash --rcfile <(printf %s "$1" | base64 -d) -i`, 'kt', base64(RC)];
}

/**
 * The command an SSH exec request (with a pty) runs instead of a plain login shell: any
 * POSIX login shell can run it; without bash it falls back to the user's own shell.
 */
export function integratedShellCommand(): string {
  const inner = `exec bash --rcfile <(printf %s "$1" | base64 -d) -i`;
  return `if command -v bash >/dev/null 2>&1; then exec bash -c '${inner}' kt ${base64(RC)}; else exec "\${SHELL:-/bin/sh}" -l; fi`;
}

export interface PromptMark {
  /** The status of the last command. */
  status: number;
  /** The first failing status since the previous prompt (0: none failed). */
  firstFailure: number;
  /** The history number of the last command, and its text (multi-line kept). */
  historyNumber?: number;
  command?: string;
}

// ESC ] 6973 ; D ; ... (BEL | ESC \)
// eslint-disable-next-line no-control-regex
const MARK = /\x1b\]6973;D;(\d+);(\d+);([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)/g;
const PARTIAL_MAX = 64 * 1024;

/** Finds prompt marks in a terminal's output, across chunk boundaries. */
export class MarkScanner {
  private carry = '';

  push(chunk: string): PromptMark[] {
    const text = this.carry + chunk;
    const marks: PromptMark[] = [];
    let consumed = 0;
    for (const m of text.matchAll(MARK)) {
      marks.push(parseMark(m[1] as string, m[2] as string, m[3] as string));
      consumed = (m.index ?? 0) + m[0].length;
    }
    // Keep a possibly unfinished mark for the next chunk (bounded: a mark is small), even
    // when the chunk ends inside the mark's opening bytes.
    const start = text.lastIndexOf(MARK_START, text.length);
    this.carry = start >= consumed ? text.slice(start).slice(0, PARTIAL_MAX) : text.slice(text.length - openingTail(text));
    return marks;
  }

  /**
   * The same over output bytes, read as text only from the first mark on: a mark is
   * ASCII, so output before it (most of a flood) is never decoded.
   */
  pushBytes(chunk: Uint8Array): PromptMark[] {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry !== '') return this.push(bytes.toString('latin1'));
    const first = bytes.indexOf(MARK_START);
    if (first !== -1) return this.push(bytes.toString('latin1', first));
    // No mark here; keep the opening bytes of one the next chunk may finish.
    const end = bytes.toString('latin1', Math.max(0, bytes.length - MARK_START.length + 1));
    this.carry = end.slice(end.length - openingTail(end));
    return [];
  }
}

const MARK_START = '\x1b]6973;';

/** How many of the text's last characters begin a mark's opening (0: none). */
function openingTail(text: string): number {
  for (let n = Math.min(MARK_START.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(MARK_START.slice(0, n))) return n;
  }
  return 0;
}

function parseMark(status: string, firstFailure: string, history64: string): PromptMark {
  const mark: PromptMark = { status: Number(status), firstFailure: Number(firstFailure) };
  const history = Buffer.from(history64, 'base64').toString('utf8');
  const m = /^\s*(\d+)\*?\s+([\s\S]*)$/.exec(history);
  if (m) {
    mark.historyNumber = Number(m[1]);
    mark.command = (m[2] as string).replace(/\n$/, '');
  }
  return mark;
}

/**
 * Bracketed paste: the shell takes the whole block as typed text and runs it on Enter, so
 * one prompt (one mark) follows the whole block. Without it (bash < 5.1), the block goes
 * in a { } group, which bash also reads whole before running.
 */
export function pasteCommand(text: string, bracketed: boolean): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return bracketed ? `\x1b[200~${body}\x1b[201~\r` : `{\n${body}\n}\r`;
}
