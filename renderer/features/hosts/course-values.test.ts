import { describe, expect, it } from 'vitest';
import { courseValueEdit } from './course-values';

const defaults = { certDir: '/root/certificates', clusterCidr: '10.200.0.0/16', serviceCidr: '10.32.0.0/24' };

describe('courseValueEdit', () => {
  it('keeps only what differs from the defaults; empty means the default', () => {
    expect(courseValueEdit(defaults, { clusterCidr: ' 10.240.0.0/16 ', serviceCidr: '10.32.0.0/24', certDir: '' })).toEqual({
      overrides: { clusterCidr: '10.240.0.0/16' },
      problems: {},
    });
    expect(courseValueEdit(defaults, {})).toEqual({ overrides: {}, problems: {} });
  });

  it('refuses values a shell would read as more than a value', () => {
    const { overrides, problems } = courseValueEdit(defaults, { certDir: '/root/my certs', clusterCidr: '10.0.0.0/16;reboot' });
    expect(overrides).toEqual({});
    expect(problems.certDir).toMatch(/is not plain text without spaces or shell characters/);
    expect(problems.clusterCidr).toMatch(/reboot/);
  });

  it('ignores names the course does not have', () => {
    expect(courseValueEdit(defaults, { nope: 'x' })).toEqual({ overrides: {}, problems: {} });
  });
});
