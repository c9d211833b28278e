import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { skyforgeStackEstimatePermission } from '@skyforge/plugin-skyforge-common';
import { estimateCost } from '@skyforge/stack-renderer/cost';
import type { z as zod } from 'zod/v3';
import { parseStackInput } from '../actions/parseStackInput';
import { stackInputSchema } from '../actions/stackInputSchema';
import {
  estimateSummarySchema,
  summarizeEstimate,
} from '../actions/summarizeEstimate';

type StackInputShape = {
  [K in keyof typeof stackInputSchema]: ReturnType<
    (typeof stackInputSchema)[K]
  >;
};

/** The fields of `skyforge:stack:estimate` (a whole spec, or the form's values) as one object. */
function stackInputObject(z: typeof zod) {
  return z.object(
    Object.fromEntries(
      Object.entries(stackInputSchema).map(([key, field]) => [key, field(z)]),
    ) as StackInputShape,
  );
}

/**
 * `scaffolder:estimate-stack` — what a stack would cost per month before it exists, from a whole
 * StackSpec or the Create form's values: the same input and estimate as the
 * `skyforge:stack:estimate` template action, without a workspace. Needs
 * `skyforge.stack.estimate`; a bad input is refused naming the field and the rule.
 */
export function registerEstimateStackAction(
  actionsRegistry: ActionsRegistryService,
): void {
  actionsRegistry.register({
    name: 'estimate-stack',
    title: 'Estimate the monthly cost of a Skyforge stack',
    description:
      "Estimates what a Skyforge stack (a Kubernetes cluster or serverless containers per environment, with PostgreSQL, Redis, object storage, a registry and monitoring, on AWS, GCP or Azure) would cost per month at list prices, before it is created. Give either `spec` (a whole StackSpec) or the Create form's fields (name, owner, clouds, region, environments, size, services, image, budget). Returns the total and the totals per cloud × environment, per environment and per cloud, in USD, and how they compare with the budget.",
    visibilityPermission: skyforgeStackEstimatePermission,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: stackInputObject,
      output: z => estimateSummarySchema(z),
    },
    action: async ({ input }) => {
      const spec = parseStackInput(input);
      return { output: summarizeEstimate(estimateCost(spec)) };
    },
  });
}
