import { attr, expr, type HclBody } from '../../hcl/hcl';
import { appNamespace } from '../../naming';
import type { StackSpec } from '../../spec/stackSpec';
import { variableRef, type RootVariable } from './rootVariable';
import { terraformVariable } from './terraformVariable';

/** `alert_email` of an environment root: the stack's `spec.alerts.email`, or a note where to set one. */
export function alertEmailRootVariable(spec: StackSpec): RootVariable {
  const email = spec.spec.alerts?.email;
  return {
    name: 'alert_email',
    type: 'string',
    description:
      'Email address that receives the alerts of this environment (null for none).',
    default: expr('null'),
    value: email,
    note:
      email === undefined
        ? 'alert_email = "oncall@example.com" # receives every alert of this environment'
        : undefined,
  };
}

/** The variables every cloud's monitoring module takes: whose metrics, and where alerts go. */
export function appMonitoringVariables(): HclBody {
  return [
    terraformVariable({
      name: 'app_namespace',
      type: 'string',
      description:
        'Namespace of the application, whose metrics the rules and dashboard select.',
    }),
    terraformVariable({
      name: 'app_name',
      type: 'string',
      description: 'Name of the application Deployment.',
    }),
    terraformVariable({
      name: 'alert_email',
      type: 'string',
      description: 'Email address that receives every alert; null for none.',
      default: expr('null'),
    }),
  ];
}

/** The root's arguments for {@link appMonitoringVariables}. */
export function appMonitoringArguments(spec: StackSpec): HclBody {
  return [
    attr('app_namespace', appNamespace(spec.metadata.name)),
    attr('app_name', spec.metadata.name),
    attr('alert_email', variableRef(alertEmailRootVariable(spec))),
  ];
}
