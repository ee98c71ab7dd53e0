import { describe, expect, it } from 'vitest';
import { diffCommand, normalizeCommand, splitCommands } from './command-units';

describe('splitCommands', () => {
  it('splits simple lines and drops blanks and comments', () => {
    expect(splitCommands('mkdir /root/certificates\n\n# make the key\ncd /root/certificates\nopenssl genrsa -out ca.key 2048\n')).toEqual([
      'mkdir /root/certificates',
      'cd /root/certificates',
      'openssl genrsa -out ca.key 2048',
    ]);
  });

  it('keeps a heredoc (inside a { } group, like the tutorial) with its command', () => {
    const block = `cd /root/certificates/\n{\ncat > etcd.cnf <<EOF\n[req]\nIP.1 = \${SERVER_IP}\nEOF\n}\nopenssl genrsa -out etcd.key 2048`;
    expect(splitCommands(block)).toEqual(['cd /root/certificates/', '{\ncat > etcd.cnf <<EOF\n[req]\nIP.1 = ${SERVER_IP}\nEOF\n}', 'openssl genrsa -out etcd.key 2048']);
  });

  it('handles cat <<EOF | sudo tee, quoted delimiters, <<- and here-strings', () => {
    expect(splitCommands("cat <<'EOF' | sudo tee /x\n[Unit]\nEOF\necho done")).toEqual(["cat <<'EOF' | sudo tee /x\n[Unit]\nEOF", 'echo done']);
    expect(splitCommands('cat <<-END\n\tbody\n\tEND\nls')).toEqual(['cat <<-END\n\tbody\n\tEND', 'ls']);
    expect(splitCommands('grep x <<< "a b"\nls')).toEqual(['grep x <<< "a b"', 'ls']);
  });

  it('joins continuations, open quotes and compound commands', () => {
    expect(splitCommands('kubectl config set-cluster k \\\n  --server=https://x\nls')).toEqual(['kubectl config set-cluster k \\\n  --server=https://x', 'ls']);
    expect(splitCommands('echo "a\nb"\nls')).toEqual(['echo "a\nb"', 'ls']);
    expect(splitCommands('for i in 1 2; do\n  echo $i\ndone\nif true; then\n  echo y\nfi')).toEqual(['for i in 1 2; do\n  echo $i\ndone', 'if true; then\n  echo y\nfi']);
    expect(splitCommands('for i in 1 2; do echo $i; done\nls')).toEqual(['for i in 1 2; do echo $i; done', 'ls']);
  });

  it('does not mistake words for keywords or # inside words for comments', () => {
    expect(splitCommands('echo done; echo fi\necho a#b')).toEqual(['echo done; echo fi', 'echo a#b']);
  });
});

describe('normalizeCommand and diffCommand', () => {
  it('ignores whitespace differences', () => {
    expect(normalizeCommand('  systemctl   start\tetcd  ')).toBe('systemctl start etcd');
    expect(normalizeCommand('a\n\n  b  ')).toBe('a\nb');
  });

  it('shows a typo as missing and extra words', () => {
    expect(diffCommand('systemctl start etcd', 'systemctl strat etcd')).toEqual([
      { kind: 'same', text: 'systemctl ' },
      { kind: 'missing', text: 'start' },
      { kind: 'extra', text: 'strat' },
      { kind: 'same', text: ' etcd' },
    ]);
    expect(diffCommand('ls -l', 'ls -l')).toEqual([{ kind: 'same', text: 'ls -l' }]);
  });
});
