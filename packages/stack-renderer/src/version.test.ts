import { RENDERER_VERSION, rendererVersionStatus } from './version';

describe('rendererVersionStatus', () => {
  it('compares major, minor and patch as numbers', () => {
    expect(rendererVersionStatus('0.1.0', '0.2.0')).toBe('behind');
    expect(rendererVersionStatus('0.9.0', '0.10.0')).toBe('behind');
    expect(rendererVersionStatus('1.2.3', '1.2.3')).toBe('current');
    expect(rendererVersionStatus('1.2.4', '1.2.3')).toBe('ahead');
    expect(rendererVersionStatus('2.0.0', '1.99.99')).toBe('ahead');
  });

  it('is unknown without a version of the form major.minor.patch', () => {
    expect(rendererVersionStatus(undefined)).toBe('unknown');
    expect(rendererVersionStatus('')).toBe('unknown');
    expect(rendererVersionStatus('latest')).toBe('unknown');
    expect(rendererVersionStatus('1.2')).toBe('unknown');
  });

  it('compares with this renderer by default', () => {
    expect(rendererVersionStatus(RENDERER_VERSION)).toBe('current');
    expect(rendererVersionStatus('0.0.1')).toBe('behind');
  });
});
