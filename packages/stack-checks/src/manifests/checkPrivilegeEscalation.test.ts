import { checkPrivilegeEscalation } from './checkPrivilegeEscalation';
import { podOf, validManifests } from './testing/validManifests';

describe('checkPrivilegeEscalation', () => {
  it('accepts an unprivileged container without escalation', () => {
    expect(checkPrivilegeEscalation(validManifests())).toEqual([]);
  });

  it('reports a privileged container and unset allowPrivilegeEscalation', () => {
    const objects = validManifests();
    podOf(objects).container.securityContext = { privileged: true };
    expect(checkPrivilegeEscalation(objects)).toEqual([
      'Deployment demo/demo container app: is privileged',
      'Deployment demo/demo container app: allows privilege escalation (set allowPrivilegeEscalation: false)',
    ]);
  });
});
