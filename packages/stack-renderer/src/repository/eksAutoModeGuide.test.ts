import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { awsHttpsSection } from './eksAutoModeGuide';

/** `name` of the examples with its host served without a Route 53 zone. */
function withoutZone(name: 'trading-api' | 'aws-small') {
  const input = structuredClone(exampleSpecs[name]);
  delete (input.spec.app.ingress as { route53ZoneId?: string }).route53ZoneId;
  return parseStackSpec(input);
}

describe('awsHttpsSection', () => {
  it('tells an ECS stack without a zone to apply the certificate first and wait for its issuance, since the listener refuses a pending one', () => {
    const text = awsHttpsSection(withoutZone('trading-api')).join('\n');
    expect(text).toContain(
      '`terraform -chdir=infra/envs/<environment>/aws apply -target=module.ingress`',
    );
    expect(text).toContain('aws acm wait certificate-validated');
    expect(text).toContain('UnsupportedCertificate');
  });

  it('leaves the two steps out where Terraform validates the certificate or no listener takes it', () => {
    expect(
      awsHttpsSection(parseStackSpec(exampleSpecs['trading-api'])).join('\n'),
    ).not.toContain('-target=module.ingress');
    // On EKS the Ingress takes the certificate after the apply (make k8s-certificate).
    expect(awsHttpsSection(withoutZone('aws-small')).join('\n')).not.toContain(
      '-target=module.ingress',
    );
  });
});
