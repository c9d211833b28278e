import { parse } from 'yaml';
import { renderStack } from '../renderStack';
import { exampleSpecs } from '../testing/exampleSpecs';
import { appSettings, appTerraformVariables } from './appSettings';
import {
  parseStackSpec,
  validateStackSpec,
  type StackSpecInput,
} from './stackSpec';

type Compose = {
  services: {
    app: {
      environment: Record<string, string>;
      deploy: { resources: { limits: { cpus: string; memory: string } } };
    };
  };
};

const base = exampleSpecs['aws-small']!;

function withApp(
  change: (spec: StackSpecInput & { spec: any }) => void,
): StackSpecInput {
  const copy = JSON.parse(JSON.stringify(base));
  change(copy);
  return copy;
}

/** Every target's view of the application settings, from one render. */
function targets(input: StackSpecInput) {
  const { files } = renderStack(input);
  const compose = parse(files['deploy/compose/docker-compose.yml']!) as Compose;
  const overlay = parse(files['deploy/overlays/prod-aws/kustomization.yaml']!);
  const patch = parse(files['deploy/overlays/prod-aws/deployment-patch.yaml']!);
  return {
    configEnv: files['deploy/base/config.env']!,
    overlayLiterals: overlay.configMapGenerator[0].literals as string[],
    prodResources: patch.spec.template.spec.containers[0].resources,
    compose: compose.services.app,
    tfvars: appTerraformVariables({
      spec: parseStackSpec(input),
      environment: 'prod',
    }),
  };
}

describe('the layered application configuration', () => {
  it('one edit of spec.app.env reaches the ConfigMap, the Compose stack and the Terraform variables', () => {
    const before = targets(base);
    const after = targets(
      withApp(spec => {
        spec.spec.app.env.PAYMENTS_PROVIDER_URL = 'https://sandbox.example.com';
      }),
    );
    expect(before.configEnv).toContain(
      'PAYMENTS_PROVIDER_URL=https://api.example.com\n',
    );
    expect(after.configEnv).toContain(
      'PAYMENTS_PROVIDER_URL=https://sandbox.example.com\n',
    );
    expect(before.compose.environment.PAYMENTS_PROVIDER_URL).toBe(
      'https://api.example.com',
    );
    expect(after.compose.environment.PAYMENTS_PROVIDER_URL).toBe(
      'https://sandbox.example.com',
    );
    expect(before.tfvars.app_env.PAYMENTS_PROVIDER_URL).toBe(
      'https://api.example.com',
    );
    expect(after.tfvars.app_env.PAYMENTS_PROVIDER_URL).toBe(
      'https://sandbox.example.com',
    );
  });

  it('one edit of spec.app.port reaches every target', () => {
    const after = targets(withApp(spec => (spec.spec.app.port = 9090)));
    expect(after.configEnv).toContain('\nPORT=9090\n');
    expect(after.compose.environment.PORT).toBe('9090');
    expect(after.tfvars.app_port).toBe(9090);
  });

  it('an environment override wins in that environment only; the local stack keeps the common value', () => {
    const { overlayLiterals, compose, tfvars } = targets(base);
    expect(overlayLiterals).toEqual([
      'ENVIRONMENT=prod',
      'CLOUD=aws',
      'LOG_LEVEL=warn',
    ]);
    expect(compose.environment.LOG_LEVEL).toBe('info');
    expect(tfvars.app_env.LOG_LEVEL).toBe('warn');
    const spec = parseStackSpec(base);
    expect(appSettings({ spec, environment: 'dev' }).env.LOG_LEVEL).toBe(
      'info',
    );
  });

  it('resources: override, then spec.app.resources, then the profile', () => {
    const { prodResources, tfvars } = targets(base);
    expect(prodResources).toEqual({
      requests: { cpu: '750m', memory: '768Mi' },
      limits: { cpu: '2', memory: '1536Mi' },
    });
    expect(tfvars).toMatchObject({ app_cpu: '2', app_memory: '1536Mi' });
    const spec = parseStackSpec(base);
    expect(appSettings({ spec, environment: 'dev' }).resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    const common = targets(
      withApp(input => {
        input.spec.app.resources = {
          requests: { cpu: '300m', memory: '300Mi' },
          limits: { cpu: '1.5', memory: '1Gi' },
        };
      }),
    );
    expect(common.compose.deploy.resources.limits).toEqual({
      cpus: '1.5',
      memory: '1G',
    });
    expect(
      appSettings({
        spec: parseStackSpec(
          withApp(input => {
            input.spec.app.resources = {
              requests: { cpu: '300m', memory: '300Mi' },
              limits: { cpu: '1.5', memory: '1Gi' },
            };
          }),
        ),
        environment: 'dev',
      }).resources.limits,
    ).toEqual({ cpu: '1.5', memory: '1Gi' });
  });
});

describe('validation of the application settings', () => {
  function issues(change: (spec: any) => void) {
    const result = validateStackSpec(withApp(change));
    return result.success ? [] : result.issues;
  }

  it.each([
    ['DATABASE_PASSWORD', 'hunter2', 'looks like a secret by its name'],
    ['STRIPE_API_KEY', 'x', 'looks like a secret by its name'],
    ['GITHUB_TOKEN', 'x', 'looks like a secret by its name'],
    [
      'UPSTREAM',
      'https://user:pa55@example.com/',
      'looks like a URL with a password',
    ],
    ['SIGNING', '-----BEGIN RSA PRIVATE KEY-----', 'looks like a private key'],
    ['AWS_ID', 'AKIAIOSFODNN7EXAMPLE', 'looks like an AWS access key ID'],
  ])(
    'refuses %s=%s as a secret, naming the field and where secrets go',
    (name, value, rule) => {
      const found = issues(spec => (spec.spec.app.env = { [name]: value }));
      expect(found).toEqual([
        {
          path: `spec.app.env.${name}`,
          message: expect.stringContaining(rule),
        },
      ]);
      expect(found[0]!.message).toContain('cloud secret store');
    },
  );

  it('refuses names Skyforge sets and names that are not environment variable names', () => {
    expect(
      issues(spec => {
        spec.spec.app.env = { DATABASE_HOST: 'db', 'log-level': 'info' };
      }),
    ).toEqual([
      {
        path: 'spec.app.env.DATABASE_HOST',
        message: expect.stringContaining('is set by Skyforge'),
      },
      {
        path: 'spec.app.env.log-level',
        message: expect.stringContaining(
          'must be an environment variable name',
        ),
      },
    ]);
  });

  it('refuses values that are not strings (YAML numbers and booleans must be quoted)', () => {
    expect(issues(spec => (spec.spec.app.env = { RETRIES: 3 }))).toEqual([
      { path: 'spec.app.env.RETRIES', message: 'must be a string' },
    ]);
  });

  it('checks per-environment overrides the same way', () => {
    expect(
      issues(spec => {
        spec.spec.overrides.prod.app.env = { SESSION_SECRET: 'x' };
      }),
    ).toEqual([
      {
        path: 'spec.overrides.prod.app.env.SESSION_SECRET',
        message: expect.stringContaining('looks like a secret'),
      },
    ]);
  });

  it('refuses malformed quantities and limits below requests', () => {
    expect(
      issues(spec => {
        spec.spec.app.resources = {
          requests: { cpu: '2', memory: '512MB' },
          limits: { cpu: '500m', memory: '1Gi' },
        };
      }),
    ).toEqual([
      {
        path: 'spec.app.resources.requests.memory',
        message:
          'must be a memory quantity in Mi or Gi such as "256Mi" or "1Gi"',
      },
      {
        path: 'spec.app.resources.limits.cpu',
        message: 'must be at least requests.cpu (2)',
      },
    ]);
    expect(
      issues(spec => {
        spec.spec.overrides.prod.app.resources = {
          requests: { cpu: '1', memory: '2Gi' },
          limits: { cpu: '1', memory: '1Gi' },
        };
      }),
    ).toEqual([
      {
        path: 'spec.overrides.prod.app.resources.limits.memory',
        message: 'must be at least requests.memory (2Gi)',
      },
    ]);
  });
});
