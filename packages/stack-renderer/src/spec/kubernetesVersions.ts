import { RENDERER_RELEASE_DATE } from '../version';
import { CLOUDS, CLOUD_NAMES, type Cloud } from './regions';

/** The managed Kubernetes service of each cloud, as its support calendar names it. */
export const KUBERNETES_SERVICES: Readonly<Record<Cloud, string>> = {
  aws: 'EKS',
  gcp: 'GKE',
  azure: 'AKS',
};

/** When one managed service supports one Kubernetes minor version (dates are YYYY-MM-DD, UTC). */
export interface KubernetesSupportWindow {
  /** First day the service offers the version (GKE: in the Regular release channel; AKS: GA). */
  released: string;
  /** First day without standard support: EKS bills extended support, GKE and AKS refuse new clusters. */
  endOfStandardSupport: string;
  /** EKS only: first day without extended support (12 more months at $0.60 instead of $0.10 per cluster-hour). */
  endOfExtendedSupport?: string;
}

/**
 * Standard-support windows of every Kubernetes minor version Skyforge renders, per cloud.
 *
 * Sources, read on 2026-12-03 (the renderer's release date):
 * - EKS: the "Amazon EKS Kubernetes release calendar" in the Amazon EKS User Guide
 *   (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html: 14 months of standard
 *   support from the EKS release, then 12 months of extended support) and endoflife.date/amazon-eks.
 *   The EKS release day is the end of standard support minus 14 months, as the calendar defines it.
 * - GKE: endoflife.date/google-kubernetes-engine, which takes its dates from the GKE release
 *   schedule (cloud.google.com/kubernetes-engine/docs/release-schedule): available in the Regular
 *   channel from `released`, end of standard support on `endOfStandardSupport`.
 * - AKS: endoflife.date/azure-kubernetes-service from Microsoft Learn, "Supported Kubernetes
 *   versions in AKS" (learn.microsoft.com/azure/aks/supported-kubernetes-versions) and the AKS
 *   release notes (github.com/Azure/AKS/releases): GA on `released`, community support ends on
 *   `endOfStandardSupport` (after it only the paid LTS tier, which Skyforge does not render).
 * Kubernetes 1.37 (upstream GA planned for late August 2026) is not listed: none of the sources
 * above gave its managed-service dates. Add a row once they are published, then move
 * RENDERER_RELEASE_DATE with the release that carries it.
 */
export const KUBERNETES_SUPPORT: Readonly<
  Record<string, Readonly<Record<Cloud, KubernetesSupportWindow>>>
> = {
  '1.32': {
    aws: {
      released: '2025-01-23',
      endOfStandardSupport: '2026-03-23',
      endOfExtendedSupport: '2027-03-23',
    },
    gcp: { released: '2025-02-11', endOfStandardSupport: '2026-04-11' },
    azure: { released: '2025-04-06', endOfStandardSupport: '2026-03-31' },
  },
  '1.33': {
    aws: {
      released: '2025-05-29',
      endOfStandardSupport: '2026-07-29',
      endOfExtendedSupport: '2027-07-29',
    },
    gcp: { released: '2025-06-03', endOfStandardSupport: '2026-08-03' },
    azure: { released: '2025-06-17', endOfStandardSupport: '2026-07-31' },
  },
  '1.34': {
    aws: {
      released: '2025-10-02',
      endOfStandardSupport: '2026-12-02',
      endOfExtendedSupport: '2027-12-02',
    },
    gcp: { released: '2025-09-30', endOfStandardSupport: '2026-10-01' },
    azure: { released: '2026-01-04', endOfStandardSupport: '2026-11-30' },
  },
  '1.35': {
    aws: {
      released: '2026-01-27',
      endOfStandardSupport: '2027-03-27',
      endOfExtendedSupport: '2028-03-27',
    },
    gcp: { released: '2026-02-11', endOfStandardSupport: '2027-04-11' },
    azure: { released: '2026-03-05', endOfStandardSupport: '2027-03-31' },
  },
  '1.36': {
    aws: {
      released: '2026-06-02',
      endOfStandardSupport: '2027-08-02',
      endOfExtendedSupport: '2028-08-02',
    },
    gcp: { released: '2026-06-09', endOfStandardSupport: '2027-08-09' },
    azure: { released: '2026-06-30', endOfStandardSupport: '2027-06-30' },
  },
};

/** The day support is judged on: the renderer's release date, never the wall clock. */
export const KUBERNETES_SUPPORT_AS_OF = RENDERER_RELEASE_DATE;

/** Where one version stands on one cloud on a given day. */
export type KubernetesSupportStatus =
  | 'unknown'
  | 'not-yet-available'
  | 'standard'
  | 'extended'
  | 'end-of-life';

function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/** The versions of the table, oldest first. */
export const KNOWN_KUBERNETES_VERSIONS: readonly string[] = Object.keys(
  KUBERNETES_SUPPORT,
).sort((a, b) => minor(a) - minor(b));

export function kubernetesSupportStatus(options: {
  version: string;
  cloud: Cloud;
  asOf?: string;
}): KubernetesSupportStatus {
  const { version, cloud, asOf = KUBERNETES_SUPPORT_AS_OF } = options;
  const window = KUBERNETES_SUPPORT[version]?.[cloud];
  if (!window) return 'unknown';
  // ISO dates compare correctly as strings.
  if (asOf < window.released) return 'not-yet-available';
  if (asOf < window.endOfStandardSupport) return 'standard';
  if (window.endOfExtendedSupport && asOf < window.endOfExtendedSupport)
    return 'extended';
  return 'end-of-life';
}

/** Versions in standard support on every one of `clouds`, oldest first. */
export function supportedKubernetesVersions(
  clouds: readonly Cloud[],
  asOf: string = KUBERNETES_SUPPORT_AS_OF,
): string[] {
  return KNOWN_KUBERNETES_VERSIONS.filter(version =>
    clouds.every(
      cloud => kubernetesSupportStatus({ version, cloud, asOf }) === 'standard',
    ),
  );
}

/**
 * The default `spec.cluster.kubernetesVersion`: the newest version in standard support on every
 * chosen cloud, so a new stack starts with the longest runway before its first upgrade.
 *
 * @public
 */
export function defaultKubernetesVersion(
  clouds: readonly Cloud[],
  asOf: string = KUBERNETES_SUPPORT_AS_OF,
): string {
  const supported = supportedKubernetesVersions(clouds, asOf);
  const newest = supported[supported.length - 1];
  if (!newest) {
    throw new Error(
      `No Kubernetes version is in standard support on ${clouds.join(
        ', ',
      )} as of ${asOf}: the version table in kubernetesVersions.ts needs a newer row`,
    );
  }
  return newest;
}

/**
 * Kubernetes minor versions in standard support on all three clouds as of the renderer's release
 * date, oldest first: what the Create wizard offers.
 *
 * @public
 */
export const KUBERNETES_VERSIONS: readonly string[] =
  supportedKubernetesVersions(CLOUDS);

function cloudList(clouds: readonly Cloud[]): string {
  const names = clouds.map(cloud => CLOUD_NAMES[cloud]);
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Why `version` cannot be rendered for `clouds` as of `asOf`, or undefined when it can: the
 * version must be in standard support on every chosen cloud, or in EKS extended support when the
 * stack opts into it (`extendedSupport`, EKS only). The message names the date, the cloud that
 * refuses and the newest version that would work.
 */
export function kubernetesVersionIssue(options: {
  version: string;
  clouds: readonly Cloud[];
  extendedSupport: boolean;
  asOf?: string;
}): string | undefined {
  const {
    version,
    clouds,
    extendedSupport,
    asOf = KUBERNETES_SUPPORT_AS_OF,
  } = options;
  const instead = `as of ${asOf} the newest version in standard support on ${cloudList(
    clouds,
  )} is ${defaultKubernetesVersion(clouds, asOf)}`;
  if (!KUBERNETES_SUPPORT[version]) {
    return `"${version}" is not a Kubernetes version Skyforge knows the support dates of (${
      KNOWN_KUBERNETES_VERSIONS[0]
    } to ${
      KNOWN_KUBERNETES_VERSIONS[KNOWN_KUBERNETES_VERSIONS.length - 1]
    }); ${instead}`;
  }
  const problems: string[] = [];
  for (const cloud of clouds) {
    const window = KUBERNETES_SUPPORT[version][cloud];
    const service = KUBERNETES_SERVICES[cloud];
    const status = kubernetesSupportStatus({ version, cloud, asOf });
    if (status === 'not-yet-available') {
      problems.push(
        `${version} is not available on ${service} before ${window.released}`,
      );
    } else if (status === 'extended' && !extendedSupport) {
      problems.push(
        `${version} left ${service} standard support on ${window.endOfStandardSupport} (extended support costs $0.60 instead of $0.10 per cluster-hour; set spec.cluster.extendedSupport to accept it)`,
      );
    } else if (status === 'end-of-life') {
      problems.push(
        `${version} left ${service} ${
          window.endOfExtendedSupport ? 'extended' : 'standard'
        } support on ${
          window.endOfExtendedSupport ?? window.endOfStandardSupport
        }`,
      );
    }
  }
  return problems.length > 0 ? `${problems.join('; ')}; ${instead}` : undefined;
}
