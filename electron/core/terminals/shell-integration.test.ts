// The prompt-mark protocol on its own: marks found across chunk boundaries, their history
// entry decoded, and pasted blocks framed. block-service.local.test.ts runs it in a real bash.
import { describe, expect, it } from 'vitest';
import { MarkScanner, pasteCommand } from './shell-integration';

const mark = (status: number, first: number, history: string, end = '\x07') =>
  `\x1b]6973;D;${status};${first};${Buffer.from(history, 'utf8').toString('base64')}${end}`;

describe('MarkScanner', () => {
  it('finds each mark with its status, first failure and history entry, multi-line kept', () => {
    const scanner = new MarkScanner();
    const out = `hello\r\n${mark(0, 0, '  41  ls -l\n')}$ ${mark(2, 1, '  42* cat <<EOF\nx\nEOF\n', '\x1b\\')}$ `;
    expect(scanner.push(out)).toEqual([
      { status: 0, firstFailure: 0, historyNumber: 41, command: 'ls -l' },
      { status: 2, firstFailure: 1, historyNumber: 42, command: 'cat <<EOF\nx\nEOF' },
    ]);
  });

  it('joins a mark split over chunks, wherever the split falls, and reports it once', () => {
    const text = `out${mark(130, 130, '  7  sleep 30\n')}more`;
    for (let cut = 1; cut < text.length; cut++) {
      const scanner = new MarkScanner();
      const found = [...scanner.push(text.slice(0, cut)), ...scanner.push(text.slice(cut))];
      expect(found, `split at ${cut}`).toEqual([{ status: 130, firstFailure: 130, historyNumber: 7, command: 'sleep 30' }]);
    }
  });

  it('finds marks in output bytes (UTF-8 around them, a history entry with é), wherever three chunks split them', () => {
    const bytes = Buffer.from(`é→${mark(0, 0, '  3  echo café\n')}ü${mark(1, 1, '  4  false\n')}`, 'utf8');
    const want = [
      { status: 0, firstFailure: 0, historyNumber: 3, command: 'echo café' },
      { status: 1, firstFailure: 1, historyNumber: 4, command: 'false' },
    ];
    for (let cut = 1; cut < bytes.length; cut++) {
      const scanner = new MarkScanner();
      const second = Math.min(bytes.length - 1, cut + 7);
      const found = [...scanner.pushBytes(bytes.subarray(0, cut)), ...scanner.pushBytes(bytes.subarray(cut, second)), ...scanner.pushBytes(bytes.subarray(second))];
      expect(found, `split at ${cut}`).toEqual(want);
    }
  });

  it('ignores output that only looks like a mark, and an empty history', () => {
    const scanner = new MarkScanner();
    expect(scanner.push('\x1b]6973;X;0;0;\x07 \x1b]633;D;0\x07')).toEqual([]);
    expect(scanner.push(mark(0, 0, ''))).toEqual([{ status: 0, firstFailure: 0 }]);
  });
});

describe('pasteCommand', () => {
  it('wraps a block in bracketed paste, or in a { } group without it, with one Enter', () => {
    expect(pasteCommand('a\r\nb\n\n', true)).toBe('\x1b[200~a\nb\x1b[201~\r');
    expect(pasteCommand('a\rb', false)).toBe('{\na\nb\n}\r');
  });
});
