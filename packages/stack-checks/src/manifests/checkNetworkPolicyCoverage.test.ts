import { checkNetworkPolicyCoverage } from './checkNetworkPolicyCoverage';
import { objectOfKind, validManifests } from './testing/validManifests';

describe('checkNetworkPolicyCoverage', () => {
  it('accepts pods isolated by a default-deny policy', () => {
    expect(checkNetworkPolicyCoverage(validManifests())).toEqual([]);
  });

  it('reports pods no policy isolates for egress', () => {
    const objects = validManifests();
    objectOfKind(objects, 'NetworkPolicy').spec.policyTypes = ['Ingress'];
    expect(checkNetworkPolicyCoverage(objects)).toEqual([
      'Deployment demo/demo: no NetworkPolicy isolates its pods for egress',
    ]);
  });

  it('reports pods whose labels no policy selects', () => {
    const objects = validManifests();
    objectOfKind(objects, 'NetworkPolicy').spec.podSelector = {
      matchLabels: { app: 'other' },
    };
    expect(checkNetworkPolicyCoverage(objects)).toHaveLength(2);
  });

  it('does not count a policy of another namespace', () => {
    const objects = validManifests();
    objectOfKind(objects, 'NetworkPolicy').metadata.namespace = 'elsewhere';
    expect(checkNetworkPolicyCoverage(objects)).toHaveLength(2);
  });
});
