import type { Environment } from './profiles';

/** Requests and limits of the application container. */
export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** What the base asks for: the staging size. Overlays replace it for every environment. */
export const BASE_RESOURCES: ContainerResources = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/**
 * Container size per environment: dev is small so it packs onto few (spot) nodes, prod has
 * headroom. CPU requests drive the autoscaler's utilisation target, so they are what the
 * application needs at its target load, not its peak.
 */
export const ENVIRONMENT_RESOURCES: Record<Environment, ContainerResources> = {
  dev: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  },
  staging: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '1', memory: '512Mi' },
  },
  prod: {
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '2', memory: '1Gi' },
  },
};
