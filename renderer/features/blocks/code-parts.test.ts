import { describe, expect, it } from 'vitest';
import { joinParts, splitCode } from './code-parts';

describe('splitCode', () => {
  it('returns no parts for empty code', () => {
    expect(splitCode('')).toEqual([]);
  });

  it('keeps code without variables as one text part', () => {
    expect(splitCode('systemctl status etcd\n')).toEqual([{ kind: 'text', text: 'systemctl status etcd\n' }]);
  });

  it('splits variables out of the surrounding text', () => {
    expect(splitCode('ssh root@{{master.ip}} -p 22')).toEqual([
      { kind: 'text', text: 'ssh root@' },
      { kind: 'variable', name: 'master.ip', raw: '{{master.ip}}' },
      { kind: 'text', text: ' -p 22' },
    ]);
  });

  it('handles variables at the start and end, adjacent, and repeated', () => {
    expect(splitCode('{{a}}{{versions.kubernetes}} x {{a}}')).toEqual([
      { kind: 'variable', name: 'a', raw: '{{a}}' },
      { kind: 'variable', name: 'versions.kubernetes', raw: '{{versions.kubernetes}}' },
      { kind: 'text', text: ' x ' },
      { kind: 'variable', name: 'a', raw: '{{a}}' },
    ]);
  });

  it('accepts spaces inside the braces and keeps them in raw', () => {
    expect(splitCode('IP={{ master.ip }}')).toEqual([
      { kind: 'text', text: 'IP=' },
      { kind: 'variable', name: 'master.ip', raw: '{{ master.ip }}' },
    ]);
  });

  it('leaves things that only look like variables alone', () => {
    const code = 'echo {{}} {{1abc}} { {x} } {{a b}} ${HOME}';
    expect(splitCode(code)).toEqual([{ kind: 'text', text: code }]);
  });

  it('reads a Go template with a leading dot as text', () => {
    const code = `kubectl get nodes -o jsonpath='{{.status}}'`;
    expect(splitCode(code)).toEqual([{ kind: 'text', text: code }]);
  });

  it('round-trips through joinParts', () => {
    const code = 'cat <<EOF > /etc/hosts\n{{ master.ip }} {{master.hostname}}\n{{worker.ip}} kube-worker\nEOF\n';
    expect(joinParts(splitCode(code))).toBe(code);
  });

  it('gives the same answer when called twice (no shared regex state)', () => {
    const code = 'a {{x}} b';
    expect(splitCode(code)).toEqual(splitCode(code));
  });
});
