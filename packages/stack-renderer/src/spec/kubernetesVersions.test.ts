import { CLOUDS } from './regions';
import {
  KNOWN_KUBERNETES_VERSIONS,
  KUBERNETES_SUPPORT,
  KUBERNETES_SUPPORT_AS_OF,
  KUBERNETES_VERSIONS,
  defaultKubernetesVersion,
  kubernetesSupportStatus,
  kubernetesVersionIssue,
  supportedKubernetesVersions,
} from './kubernetesVersions';

describe('the Kubernetes support table', () => {
  it('judges support as of the renderer release date, not the wall clock', () => {
    expect(KUBERNETES_SUPPORT_AS_OF).toBe('2026-12-03');
    expect(KUBERNETES_VERSIONS).toEqual(['1.35', '1.36']);
  });

  it('has consistent windows: released before the end of standard support, EKS with 14 + 12 months', () => {
    for (const version of KNOWN_KUBERNETES_VERSIONS) {
      for (const cloud of CLOUDS) {
        const window = KUBERNETES_SUPPORT[version][cloud];
        expect(window.released < window.endOfStandardSupport).toBe(true);
      }
      const eks = KUBERNETES_SUPPORT[version].aws;
      const months = (from: string, to: string) =>
        (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
        Number(to.slice(5, 7)) -
        Number(from.slice(5, 7));
      expect(months(eks.released, eks.endOfStandardSupport)).toBe(14);
      expect(months(eks.endOfStandardSupport, eks.endOfExtendedSupport!)).toBe(
        12,
      );
    }
  });

  it('tells standard, extended and ended support apart on their boundary days', () => {
    const status = (version: string, asOf: string) =>
      kubernetesSupportStatus({ version, cloud: 'aws', asOf });
    expect(status('1.34', '2026-12-01')).toBe('standard');
    expect(status('1.34', '2026-12-02')).toBe('extended');
    expect(status('1.34', '2027-12-02')).toBe('end-of-life');
    expect(status('1.36', '2026-06-01')).toBe('not-yet-available');
    expect(status('1.99', '2026-06-01')).toBe('unknown');
  });

  it('defaults to the newest version in standard support on every chosen cloud', () => {
    expect(defaultKubernetesVersion(['aws', 'gcp', 'azure'])).toBe('1.36');
    // On 2026-06-29 AKS did not offer 1.36 yet (GA 2026-06-30) and still supported 1.33.
    expect(supportedKubernetesVersions(['azure'], '2026-06-29')).toEqual([
      '1.33',
      '1.34',
      '1.35',
    ]);
    expect(defaultKubernetesVersion(['aws'], '2026-06-29')).toBe('1.36');
    expect(defaultKubernetesVersion(['aws', 'azure'], '2026-06-29')).toBe(
      '1.35',
    );
    expect(() => defaultKubernetesVersion(['gcp'], '2030-01-01')).toThrow(
      /needs a newer row/,
    );
  });

  it('explains a refused version with the cloud, the date and the version to use instead', () => {
    expect(
      kubernetesVersionIssue({
        version: '1.34',
        clouds: ['gcp', 'azure'],
        extendedSupport: false,
      }),
    ).toBe(
      '1.34 left GKE standard support on 2026-10-01; 1.34 left AKS standard support on 2026-11-30; as of 2026-12-03 the newest version in standard support on GCP and Azure is 1.36',
    );
    expect(
      kubernetesVersionIssue({
        version: '1.32',
        clouds: ['aws'],
        extendedSupport: true,
        asOf: '2027-04-01',
      }),
    ).toMatch(/^1\.32 left EKS extended support on 2027-03-23;/);
    expect(
      kubernetesVersionIssue({
        version: '1.36',
        clouds: ['aws', 'gcp', 'azure'],
        extendedSupport: false,
      }),
    ).toBeUndefined();
  });
});
