import type { HclBody, HclNode, HclValue } from '../../hcl/hcl';
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

/** One environment of an AWS stack, as the service contributions see it. */
export interface AwsEnvironment {
  spec: StackSpec;
  environment: Environment;
  resolved: EnvironmentPlan;
  /** The AWS contributions of the services the stack turns on. */
  services: readonly AwsService[];
}

/**
 * What the application's IAM role (cluster module, EKS Pod Identity) may do with a service: the
 * cluster module's variables and policy statements, the root's arguments for them, and mock
 * values for the rendered `terraform test` of the cluster module.
 */
export interface AwsAppAccess {
  /** Where its grants sit in the application's policy: the bucket's first, as rendered since 0.1. */
  position: number;
  variables: HclBody;
  statements: HclBody;
  arguments: HclBody;
  testValues(region: string): Record<string, HclValue>;
}

/** What a service adds to the monitoring module (CloudWatch alarms on a service Prometheus does not see). */
export interface AwsMonitoringHook {
  variables: HclBody;
  resources: HclBody;
  arguments: HclBody;
  testValues: Record<string, HclValue>;
  /**
   * An AWS service that publishes to the alerts topic with its own principal (RDS event
   * notifications): the topic's key lets the principal use it and `statement` joins the topic
   * policy, which otherwise admits only CloudWatch alarms (and the Prometheus alert manager).
   */
  topicPublisher?: { servicePrincipal: string; statement: HclNode };
  /** `terraform test` assertions on the monitoring module's run with {@link testValues}. */
  assertions?: HclBody;
}

/** The IAM reads a resource or data type's refresh calls (see planRefreshReads.ts). */
export interface PlanRefreshRead {
  /** IAM actions of the Read function's calls; empty when it calls no AWS API. */
  actions: readonly string[];
  /** The provider source file holding the Read function, under `internal/service/`. */
  source: string;
}

/**
 * What `terraform plan` reads of a service's resources beyond the shared plan role: the IAM
 * actions the bootstrap's plan role adds, and the refresh reads of each resource and data type
 * its module declares (see planRefreshReads.ts).
 */
export interface AwsPlanReads {
  actions: readonly string[];
  types: Readonly<Record<string, PlanRefreshRead>>;
}

/** A service on AWS: its module, what it adds to each environment root, and its side effects. */
export interface AwsService {
  id: ServiceId;
  /**
   * `infra/modules/<capability>/aws`, rendered once per stack; `computes` for a service whose
   * module differs by compute target (monitoring).
   */
  module(services: readonly AwsService[], computes: StackComputes): FileTree;
  root(environment: AwsEnvironment): ServiceRoot;
  appAccess?: AwsAppAccess;
  monitoring?: AwsMonitoringHook;
  /** `run` blocks of the environment's `tests/day1.tftest.hcl`. */
  environmentTests?(environment: AwsEnvironment): HclBody;
  egress?: ServiceEgress;
  /** Its lines in the cost estimate, where the service is priced by its contribution. */
  cost?: ServiceCost;
  /** What the application reads from the root's outputs (`services.env`). */
  variables?: readonly ServiceVariable[];
  /** Reads of its resources the shared plan role does not already grant. */
  planReads?: AwsPlanReads;
}

/** What the application's role may use, in the order of its policy. */
export function awsAppAccess(services: readonly AwsService[]): AwsAppAccess[] {
  return services
    .flatMap(service => (service.appAccess ? [service.appAccess] : []))
    .sort((left, right) => left.position - right.position);
}
