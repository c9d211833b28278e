import { Content, Header, Page } from '@backstage/core-components';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { SkyforgeCostEstimateField } from '../src/components/SkyforgeCostEstimateField';
import { COST_ESTIMATE_FIELD_NAME } from '../src/lib/costEstimateField';

/** A two-step wizard like the Skyforge templates', to try the cost preview without a backend. */
export function CostEstimatePreview() {
  return (
    <Page themeId="tool">
      <Header title="Cost preview" subtitle="Skyforge dev harness" />
      <Content>
        <Stepper
          manifest={{
            title: 'Kubernetes platform',
            steps: [
              {
                title: 'Component',
                schema: {
                  required: ['name', 'owner'],
                  properties: {
                    name: { type: 'string', title: 'Name' },
                    gcpProjectId: {
                      type: 'string',
                      title: 'GCP project ID (stacks without prod)',
                    },
                    owner: { type: 'string', title: 'Owner' },
                  },
                },
              },
              {
                title: 'Infrastructure',
                schema: {
                  properties: {
                    clouds: {
                      type: 'array',
                      title: 'Clouds',
                      items: { type: 'string', enum: ['aws', 'gcp', 'azure'] },
                      uniqueItems: true,
                      'ui:widget': 'checkboxes',
                    },
                    regions: {
                      type: 'object',
                      title: 'Regions',
                      properties: {
                        aws: {
                          type: 'string',
                          enum: ['us-east-1', 'eu-west-1'],
                        },
                        gcp: {
                          type: 'string',
                          enum: ['us-central1', 'europe-west1'],
                        },
                        azure: {
                          type: 'string',
                          enum: ['eastus', 'westeurope'],
                        },
                      },
                    },
                    size: {
                      type: 'string',
                      title: 'Size',
                      enum: ['small', 'medium', 'large'],
                      default: 'small',
                    },
                    gpu: { type: 'boolean', title: 'GPU pool' },
                    estimate: {
                      type: 'number',
                      title: 'Estimated monthly cost',
                      'ui:field': COST_ESTIMATE_FIELD_NAME,
                    },
                  },
                },
              },
            ],
          }}
          extensions={[
            {
              name: COST_ESTIMATE_FIELD_NAME,
              component: SkyforgeCostEstimateField,
            },
          ]}
          onCreate={async values => {
            // eslint-disable-next-line no-alert -- the harness has nowhere else to show the result
            window.alert(JSON.stringify(values, undefined, 2));
          }}
        />
      </Content>
    </Page>
  );
}
