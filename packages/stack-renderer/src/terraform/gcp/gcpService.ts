import type { HclBody } from '../../hcl/hcl';
import type { Environment } from '../../spec/profiles';
import type { EnvironmentPlan } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type {
  ServiceEgress,
  ServiceVariable,
  ServiceId,
} from '../../services/types';
import type { FileTree } from '../../types';
import type { ServiceCost } from '../../cost/serviceCost';
import type { ServiceRoot, StackComputes } from '../common/environmentRoot';

/** One environment of a GCP stack, as the service contributions see it. */
export interface GcpEnvironment {
  spec: StackSpec;
  environment: Environment;
  resolved: EnvironmentPlan;
  /** The project of this environment. */
  projectId: string;
  /** The GCP contributions of the services the stack turns on. */
  services: readonly GcpService[];
}

/** A service on GCP: its module, what it adds to each environment root, and its side effects. */
export interface GcpService {
  id: ServiceId;
  /**
   * `infra/modules/<capability>/gcp`, rendered once per stack; `computes` for a service whose
   * module differs by compute target (monitoring).
   */
  module(computes: StackComputes): FileTree;
  root(environment: GcpEnvironment): ServiceRoot;
  /** APIs the bootstrap enables in every project of the stack. */
  apis?: readonly string[];
  /** Project roles of the per-environment CI service accounts. */
  ciRoles?: readonly string[];
  /** Project roles the environment roots grant (CI may grant exactly these). */
  grantedRoles?: readonly string[];
  /** Permissions a pull-request plan needs beyond roles/viewer. */
  planPermissions?: readonly string[];
  /** `run` blocks of the bootstrap's `tests/bootstrap.tftest.hcl`. */
  bootstrapTests?: HclBody;
  /** Metric packages Cloud Monitoring collects from the cluster beyond the system metrics. */
  clusterMonitoringComponents?: readonly string[];
  egress?: ServiceEgress;
  /** Its lines in the cost estimate, where the service is priced by its contribution. */
  cost?: ServiceCost;
  /** What the application reads from the root's outputs (`services.env`). */
  variables?: readonly ServiceVariable[];
  /**
   * Secrets a serverless target hands the application by reference (Cloud Run `secret_key_ref`):
   * each names the root output holding the Secret Manager secret; the value never passes through
   * Terraform. Kubernetes reads the same secrets by the names in {@link variables}.
   */
  secretVariables?: readonly ServiceVariable[];
}
