import { CI_VARIABLES } from '../naming';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { kubernetesTargets } from '../spec/deploymentTargets';
import { architectureDiagram } from './architectureDiagram';
import { renderReadme } from './renderReadme';

function mermaidBlock(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!match) throw new Error('no mermaid block');
  return match[1]!;
}

describe('architectureDiagram', () => {
  it.each(Object.keys(exampleSpecs))(
    'draws a well-formed flowchart for %s',
    key => {
      const spec = parseStackSpec(exampleSpecs[key]);
      const lines = mermaidBlock(architectureDiagram(spec)).split('\n');
      expect(lines[0]).toBe('flowchart TB');
      const opened = lines.filter(line => /^\s*subgraph /.test(line)).length;
      const closed = lines.filter(line => line.trim() === 'end').length;
      expect(opened).toBe(closed);
      // cloud and network, and a cluster where one of the cloud's environments runs Kubernetes
      const clusters = new Set(kubernetesTargets(spec).map(t => t.cloud)).size;
      expect(opened).toBe(spec.spec.clouds.length * 2 + clusters);
      const defined = new Set(
        lines.flatMap(line => {
          const match = /^\s*(?:subgraph )?([a-z_]+)[[("]/.exec(line);
          return match ? [match[1]!] : [];
        }),
      );
      for (const line of lines.filter(candidate => /--|-\.-/.test(candidate))) {
        const match = /^\s*([a-z_]+) \S+(?: \|"[^"]*"\|)? ([a-z_]+)$/.exec(
          line.replace(/\|"([^"]*)"\|/, ' |"$1"|').replace(/\s+/g, ' '),
        );
        expect(match).not.toBeNull();
        expect(defined).toContain(match![1]);
        expect(defined).toContain(match![2]);
      }
    },
  );

  it('draws the serverless service instead of a cluster where the cloud has none', () => {
    const trading = architectureDiagram(
      parseStackSpec(exampleSpecs['trading-api']),
    );
    expect(trading).toContain(
      'aws_service["trading-api: ECS service on Fargate · 3-12 tasks (Application Auto Scaling)"]',
    );
    expect(trading).toContain(
      'users -->|"HTTPS trading.example.com"| aws_entry',
    );
    expect(trading).toContain('aws_registry -.->|"images"| aws_service');
    expect(trading).not.toMatch(/aws_cluster|aws_pools|EKS/);
    const lab = architectureDiagram(parseStackSpec(exampleSpecs['dev-lab']));
    expect(lab).toContain(
      'gcp_service -->|"its own service account"| gcp_bucket',
    );
    expect(lab).not.toMatch(/gcp_cluster|Kubernetes Engine/);
  });

  it('draws data services only when they are on', () => {
    const all = architectureDiagram(
      parseStackSpec(exampleSpecs['all-clouds-gpu']),
    );
    expect(all).toContain('aws_database[("Amazon RDS for PostgreSQL")]');
    expect(all).toContain('gcp_registry[["Artifact Registry"]]');
    expect(all).toContain(
      'azure_pools["Node pools: system · application · gpu (staging, prod)"]',
    );
    const minimal = architectureDiagram(
      parseStackSpec(exampleSpecs['minimal-services']),
    );
    expect(minimal).not.toMatch(
      /_database|_cache|_bucket|_registry|_monitoring/,
    );
    expect(minimal).toContain('gcp_cluster["Google Kubernetes Engine 1.36"]');
  });
});

describe('renderReadme', () => {
  const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
  const readme = renderReadme(spec);

  it('describes the stack and embeds the Mermaid architecture diagram', () => {
    expect(readme.startsWith('# checkout\n')).toBe(true);
    expect(readme).toContain('```mermaid\nflowchart TB\n');
    expect(readme).toContain('owned by `commerce`');
  });

  it('tabulates every environment and cloud with its resolved settings', () => {
    expect(readme).toContain(
      // EKS Auto Mode has no node minimum.
      '| prod | AWS | eu-west-1 | 10.46.0.0/16 | large | m6i.2xlarge × up to 30 | no | yes | yes | yes | 4-30 |',
    );
    expect(readme).toContain(
      '| dev | Azure | northeurope | 10.42.0.0/16 | medium | Standard_D4s_v5 × 2-10 | yes | no | no | no | 3-12 |',
    );
  });

  it('explains the bootstrap per cloud with the CI variables and the bootstrap outputs', () => {
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      expect(readme).toContain(
        `terraform -chdir=infra/bootstrap/${cloud} apply`,
      );
      for (const name of CI_VARIABLES[cloud]) {
        expect(readme).toContain(`gh variable set ${name}`);
        expect(readme).toContain(`output \`${name.toLowerCase()}\``);
      }
    }
    expect(readme).toContain('give `prod` required reviewers');
    // The plan identity has its own bootstrap output and goes to repository-level variables.
    expect(readme).toContain(
      'gh variable set GCP_PLAN_IDENTITIES --body "$(terraform -chdir=infra/bootstrap/gcp output -raw gcp_plan_identities)"',
    );
    expect(readme).toContain(
      'gh variable set GCP_WORKLOAD_IDENTITY_PROVIDER --env "$env"',
    );
    expect(readme).toContain('output -raw azure_plan_client_id');
    expect(readme).toContain('output -raw aws_plan_role_arn');
    expect(readme).toContain(`gh variable set AWS_ROLE_ARN --env "$env"`);
  });

  it('shows the Makefile workflow for plan, apply and deploy', () => {
    for (const target of [
      'tf-init',
      'tf-plan',
      'tf-apply',
      'k8s-credentials',
      'k8s-identity',
      'k8s-build',
      'k8s-apply',
    ]) {
      expect(readme).toContain(`make ${target} `);
    }
    expect(readme).toContain('## Repository layout');
  });

  it('leaves costs to COST.md', () => {
    expect(readme).not.toMatch(/\$\d|USD|EUR|per month/);
  });

  it('mentions only the clouds and environments of the stack', () => {
    const gcpOnly = renderReadme(parseStackSpec(exampleSpecs['gcp-medium']));
    expect(gcpOnly).not.toMatch(/AWS|Azure|k8s-identity|TF_STATE_BUCKET/);
    expect(gcpOnly).not.toContain('staging');
    expect(gcpOnly).toContain('DNS-based control-plane endpoint');
    expect(gcpOnly).not.toMatch(/k8s-tunnel|command invoke|DEPLOY_RUNNER/);
  });
});
