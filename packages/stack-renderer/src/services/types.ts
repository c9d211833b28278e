import type { Cloud } from '../spec/regions';
import type { SkyforgeAppVariable } from './appVariableNames';
import type { LocalService } from './localService';
import type { Capability } from '../terraform/common/capability';

/**
 * The services a stack can turn on, in the order every rendered list uses (modules, outputs,
 * catalog Resources, docs, cost lines). The id is the key under `spec.services` and the one
 * name of the service in code.
 *
 * @public
 */
export const SERVICE_IDS = [
  'postgres',
  'redis',
  'kafka',
  'objectStorage',
  'registry',
  'monitoring',
] as const;

/**
 * One of {@link SERVICE_IDS}.
 *
 * @public
 */
export type ServiceId = (typeof SERVICE_IDS)[number];

/** The managed product that implements a service on one cloud. */
export interface ServiceProduct {
  /** As people name it: docs, the architecture diagram, catalog titles. */
  name: string;
  /** As the cost estimate names what it prices, where the estimate prices the product itself. */
  priced?: string;
}

/**
 * How the architecture diagram draws a service: its node and the one edge that ties it to the
 * stack. `from`/`to` name diagram nodes (`app`, `pools`, `cluster`, or `self` for this node).
 */
export interface ServiceDiagram {
  /** Node id (prefixed with the cloud in the diagram). */
  node: string;
  /** `store`: a cylinder; `artifact`: a subroutine box; `box`: a plain box. */
  shape: 'store' | 'artifact' | 'box';
  /** Inside the network subgraph (private endpoints) or beside it. */
  inNetwork: boolean;
  edge: {
    from: 'app' | 'self';
    to: 'self' | 'pools' | 'cluster';
    /** `workload-identity`: the cloud's workload identity mechanism names the edge. */
    label: string | 'workload-identity';
    dashed: boolean;
  };
}

/**
 * A catalog Resource per environment × cloud. Its name ends in `-<name>`; names, types and tags
 * are rendered into catalogs and so never change.
 */
export interface ServiceResource {
  name: string;
  /** `spec.type`, as Backstage catalogs commonly name it. */
  type: string;
  tag: string;
  /** What one is called in the Resource's description: "Amazon S3 bucket". */
  noun: string;
  /** The cluster Resource depends on it (nodes pull images from the registry). */
  clusterDependsOnIt?: boolean;
}

/**
 * A service of the stack in one vocabulary: everything about it that is the same on every cloud.
 * What a cloud does to provide it lives in `terraform/<cloud>/services/<id>.ts`.
 */
export interface StackService {
  id: ServiceId;
  /** Whether a StackSpec that does not mention the service gets it. */
  enabledByDefault: boolean;
  /** Folder of its Terraform module: `infra/modules/<capability>/<cloud>`. */
  capability: Capability;
  /** Absent for a service that is not a resource the application uses (monitoring). */
  resource?: ServiceResource;
  /** Row of the docs' managed-services table: "PostgreSQL". */
  label: string;
  /** How the docs' overview lists it among the data services: "a container registry". */
  summary: string;
  products: Readonly<Record<Cloud, ServiceProduct>>;
  diagram: ServiceDiagram;
  /** Its stand-in in the local Compose stack (deploy/compose), where it has one. */
  local?: LocalService;
  /** Category of its lines in the cost estimate: `database`. */
  costCategory: string;
  /** How `COST.md` heads that category: "Database". */
  costLabel: string;
  /** What the estimate assumes about it, listed under the estimate's assumptions when it is on. */
  costAssumption?: string;
}

/** A port the application's pods may reach a service on, beyond DNS and HTTPS (Kustomize egress). */
export interface ServiceEgress {
  /** The clause the egress patch's comment lists it with: "ElastiCache (TLS on 6379)". */
  description: string;
  port: number;
}

/**
 * An environment variable the application receives from its environment's Terraform root:
 * `make k8s-services` copies the output into the overlay's `services.env`, which the overlay
 * merges into the application ConfigMap. Never a secret: credentials come from workload identity.
 */
export interface ServiceVariable {
  /** `DATABASE_HOST`: one of the names Skyforge owns, shared with the local Compose stack. */
  name: SkyforgeAppVariable;
  /** The root output it is read from: `database_endpoint`. */
  output: string;
  /** What the application does with it (README table). */
  description: string;
  /** The description on a serverless target, where it differs (another identity signs in). */
  serverlessDescription?: string;
}
