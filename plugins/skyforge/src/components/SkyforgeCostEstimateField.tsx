import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect, useMemo } from 'react';
import {
  type CostEstimateValue,
  costEstimateValue,
  isSameCostEstimateValue,
} from '../lib/costEstimateField';
import { previewCostEstimate } from '../lib/previewCostEstimate';
import type { StackFieldIssue } from '@skyforge/stack-renderer';
import { CostEstimateTable } from './CostEstimateTable';

function IncompleteNote(props: { issues: StackFieldIssue[] }) {
  const { issues } = props;
  const missing = issues.filter(issue =>
    issue.message.startsWith('is required'),
  );
  const invalid = issues.filter(issue => !missing.includes(issue));
  return (
    <Box role="status">
      {missing.length > 0 && (
        <Typography variant="body2">
          Fill in {missing.map(issue => issue.field).join(', ')} to see an
          estimate.
        </Typography>
      )}
      {invalid.map(issue => (
        <Typography variant="body2" key={issue.field}>
          Fix {issue.field} to see an estimate: {issue.message}.
        </Typography>
      ))}
    </Box>
  );
}

function withoutField(
  values: Record<string, unknown>,
  field: string,
): Record<string, unknown> {
  const { [field]: _own, ...rest } = values;
  return rest;
}

/**
 * The Create wizard's cost preview: reads the whole form (every step) from the scaffolder's form
 * context, estimates the monthly cost in the browser and keeps the total as its own value, in the
 * shape of the field's schema type, so the template can pass it on. It never blocks the form:
 * incomplete input only shows what is missing and leaves the value unset.
 */
export function SkyforgeCostEstimateField(
  props: FieldExtensionComponentProps<CostEstimateValue>,
) {
  const { formContext, formData, onChange, schema, name } = props;
  const values: Record<string, unknown> = formContext?.formData ?? {};
  // The form context is a new object on every change; estimate again only when a value changed.
  const key = JSON.stringify(withoutField(values, name));
  const preview = useMemo(() => previewCostEstimate(JSON.parse(key)), [key]);
  const value = costEstimateValue({
    estimate: preview.complete ? preview.estimate : undefined,
    schemaType: schema.type,
  });
  const valueKey = JSON.stringify(value);

  useEffect(() => {
    const next: CostEstimateValue | undefined =
      valueKey === undefined ? undefined : JSON.parse(valueKey);
    if (!isSameCostEstimateValue(formData, next)) {
      onChange(next);
    }
  }, [formData, valueKey, onChange]);

  return (
    <Box component="section" aria-label="Cost estimate" mb={2}>
      <Typography variant="subtitle1" component="h3">
        {schema.title ?? 'Estimated monthly cost'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary" paragraph>
          {schema.description}
        </Typography>
      )}
      {preview.complete ? (
        <CostEstimateTable estimate={preview.estimate} />
      ) : (
        <IncompleteNote issues={preview.issues} />
      )}
    </Box>
  );
}
