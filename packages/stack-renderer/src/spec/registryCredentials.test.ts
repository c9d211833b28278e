import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';
import { ecrRepositoryArn } from './registryCredentials';
import { StackSpecError, parseStackSpec } from './stackSpec';

type Input = {
  spec: {
    compute?: string;
    clouds: string[];
    regions: Record<string, string>;
    services: Record<string, boolean>;
    app: Record<string, unknown>;
  };
};

/** trading-api (ECS) with its registry off and `app` changed: the flow where ECS pulls itself. */
function tradingApi(app: Record<string, unknown>, registry = false): Input {
  const input = structuredClone(exampleSpecs['trading-api']!) as Input;
  input.spec.services.registry = registry;
  Object.assign(input.spec.app, app);
  return input;
}

function issues(input: Input): string[] {
  try {
    parseStackSpec(input);
    return [];
  } catch (error) {
    if (!(error instanceof StackSpecError)) throw error;
    return error.message
      .split('\n')
      .filter(line => line.includes('registryCredentials'))
      .map(line => line.trim());
  }
}

describe('ecrRepositoryArn', () => {
  it('names the ECR repository of an image, in its partition, and nothing for other registries', () => {
    expect(
      ecrRepositoryArn(
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.2.0',
      ),
    ).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/team/api');
    expect(
      ecrRepositoryArn(
        `210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/api@sha256:${'a'.repeat(
          64,
        )}`,
      ),
    ).toBe('arn:aws-cn:ecr:cn-north-1:210987654321:repository/api');
    expect(
      ecrRepositoryArn(
        '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/api:1',
      ),
    ).toBe('arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/api');
    expect(ecrRepositoryArn('ghcr.io/acme/api:1.0.0')).toBeUndefined();
    expect(ecrRepositoryArn('public.ecr.aws/nginx/nginx:1.27')).toBeUndefined();
  });
});

describe('spec.app.registryCredentials', () => {
  it('is accepted for a private image outside ECR on ECS without the stack registry', () => {
    expect(
      issues(
        tradingApi({
          image: 'registry.acme.io/trading/api:3.2.0',
          registryCredentials: 'ghcr-pull',
        }),
      ),
    ).toEqual([]);
  });

  it('refuses what is not a Secrets Manager secret name', () => {
    expect(issues(tradingApi({ registryCredentials: 'user:pa ss' }))).toEqual([
      expect.stringContaining(
        'must be the name of a Secrets Manager secret (letters, digits and /_+=.@-, at most 512), such as ghcr-pull',
      ),
    ]);
  });

  it('refuses it with the stack registry, for ECR images and without ECS', () => {
    expect(
      issues(tradingApi({ registryCredentials: 'ghcr-pull' }, true)),
    ).toEqual([
      expect.stringContaining(
        "is not used with services.registry: ECS pulls the copy make image-push puts in the stack's ECR",
      ),
    ]);
    expect(
      issues(
        tradingApi({
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trading:3.2.0',
          registryCredentials: 'ghcr-pull',
        }),
      ),
    ).toEqual([expect.stringContaining('is for registries outside ECR')]);
    const gcp = structuredClone(exampleSpecs['dev-lab']!) as Input;
    gcp.spec.services.registry = false;
    gcp.spec.app.registryCredentials = 'ghcr-pull';
    expect(issues(gcp)).toEqual([
      expect.stringContaining(
        'applies to ECS only (AWS environments with compute serverless), and this stack has none',
      ),
    ]);
  });
});

describe('what the ECS task may pull without the stack registry', () => {
  const main = (input: Input) =>
    renderStack(parseStackSpec(input)).files['infra/envs/prod/aws/main.tf']!;

  it('hands the serverless module the secret of a private registry', () => {
    expect(
      main(
        tradingApi({
          image: 'registry.acme.io/trading/api:3.2.0',
          registryCredentials: 'ghcr-pull',
        }),
      ),
    ).toMatch(/registry_credentials\s+= "ghcr-pull"/);
  });

  it('lets the execution role pull an ECR source image from exactly its repository', () => {
    const root = main(
      tradingApi({
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trading:3.2.0',
      }),
    );
    expect(root).toMatch(
      /registry_repository_arn\s+= "arn:aws:ecr:us-east-1:123456789012:repository\/trading"/,
    );
    expect(root).not.toMatch(/registry_credentials\s+=/);
  });

  it('names no repository and no secret for a public image', () => {
    const root = main(tradingApi({}));
    expect(root).not.toMatch(/registry_repository_arn\s+=/);
    expect(root).not.toMatch(/registry_credentials\s+=/);
  });
});
