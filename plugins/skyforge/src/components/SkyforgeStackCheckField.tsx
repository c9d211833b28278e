import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { StackCheckResponse } from '@skyforge/plugin-skyforge-common';
import { stackSpecFromFields } from '@skyforge/stack-renderer';
import { useEffect, useMemo, useRef, useState } from 'react';
import { skyforgeApiRef } from '../api';
import {
  findingCount,
  findingLocation,
  stackCheckSummary,
} from '../lib/stackCheck';

/** How long the form must rest before the stack is checked (a check renders the whole repository). */
export const STACK_CHECK_DEBOUNCE_MS = 800;

type CheckState =
  | { status: 'incomplete'; fields: string[] }
  | { status: 'checking' }
  | { status: 'done'; response: StackCheckResponse }
  | { status: 'failed'; message: string };

function failureMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    if (error.response.status === 403) {
      return 'You are not allowed to run the policy check (skyforge.stack.check).';
    }
    return error.body?.error?.message ?? error.message;
  }
  return (error as Error)?.message ?? String(error);
}

function CheckResult(props: { response: StackCheckResponse }) {
  const { response } = props;
  const scope = `${response.terraformFiles} Terraform files and ${response.overlays.length} Kustomize overlays`;
  return (
    <>
      <Typography variant="body2" role="status">
        {response.passed
          ? `Passed: no findings in ${scope}.`
          : `${findingCount(response.findings.length)} in ${scope}:`}
      </Typography>
      {!response.passed && (
        <List dense aria-label="Policy check findings">
          {response.findings.map((finding, index) => (
            <ListItem key={index} disableGutters>
              <ListItemText
                primary={`${finding.rule} (${finding.family}): ${finding.message}`}
                secondary={findingLocation(finding)}
              />
            </ListItem>
          ))}
        </List>
      )}
      {response.skipped.map(reason => (
        <Typography variant="body2" color="textSecondary" key={reason}>
          Skipped: {reason}.
        </Typography>
      ))}
    </>
  );
}

/**
 * The Create wizard's policy check preview: once the form's values make a stack (mapped in the
 * browser with `stackSpecFromFields`, as the render action maps them), the backend renders that
 * stack and runs `skyforge check` on it, after the form has rested a moment. The field shows
 * every finding (rule, file, message) or that the check passed, and keeps a one-line summary as
 * its value, which the review step lists. It never blocks the form.
 */
export function SkyforgeStackCheckField(
  props: FieldExtensionComponentProps<string>,
) {
  const { formContext, formData, onChange, schema, name } = props;
  const api = useApi(skyforgeApiRef);
  const values: Record<string, unknown> = formContext?.formData ?? {};
  const { [name]: _own, ...stackValues } = values;
  // The form context is a new object on every change: map the values again only when they
  // changed, and check again only when the stack they make changed.
  const valuesKey = JSON.stringify(stackValues);
  const mapped = useMemo(
    () => stackSpecFromFields(JSON.parse(valuesKey)),
    [valuesKey],
  );
  const specKey = mapped.success ? JSON.stringify(mapped.spec) : undefined;
  const incompleteKey = mapped.success
    ? ''
    : [...new Set(mapped.issues.map(issue => issue.field))].join(', ');
  const latestValues = useRef(stackValues);
  latestValues.current = stackValues;
  const [state, setState] = useState<CheckState>({
    status: 'incomplete',
    fields: [],
  });

  useEffect(() => {
    if (specKey === undefined) {
      setState({
        status: 'incomplete',
        fields: incompleteKey ? incompleteKey.split(', ') : [],
      });
      return undefined;
    }
    // The values are sent as the form holds them; the backend maps them as the action does.
    const request = latestValues.current;
    let current = true;
    setState({ status: 'checking' });
    const timer = setTimeout(() => {
      api.checkStack(request).then(
        response => current && setState({ status: 'done', response }),
        error =>
          current &&
          setState({ status: 'failed', message: failureMessage(error) }),
      );
    }, STACK_CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, specKey, incompleteKey]);

  const value =
    state.status === 'done' ? stackCheckSummary(state.response) : undefined;
  useEffect(() => {
    if (formData !== value) onChange(value);
  }, [formData, value, onChange]);

  return (
    <Box component="section" aria-label="Policy check" mb={2}>
      <Typography variant="subtitle1" component="h3">
        {schema.title ?? 'Policy check'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {schema.description}
        </Typography>
      )}
      {state.status === 'incomplete' && (
        <Typography variant="body2" role="status">
          {state.fields.length > 0
            ? `Fill in or fix ${state.fields.join(
                ', ',
              )} to run the policy check.`
            : 'The policy check runs once the stack is described.'}
        </Typography>
      )}
      {state.status === 'checking' && (
        <>
          <Typography variant="body2" role="status">
            Rendering the repository and running the policy check…
          </Typography>
          <LinearProgress />
        </>
      )}
      {state.status === 'failed' && (
        <Typography variant="body2" color="error" role="alert">
          The policy check could not run: {state.message}
        </Typography>
      )}
      {state.status === 'done' && <CheckResult response={state.response} />}
    </Box>
  );
}
