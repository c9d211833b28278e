import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/** One labelled figure: a group named by its label, so readers and tests can find it by name. */
export function CostStat(props: {
  label: string;
  value: string;
  detail?: ReactNode;
}) {
  return (
    <Box role="group" aria-label={props.label} minWidth={160}>
      <Typography variant="overline" color="textSecondary" component="p">
        {props.label}
      </Typography>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      {props.detail && (
        <Typography variant="caption" color="textSecondary" component="p">
          {props.detail}
        </Typography>
      )}
    </Box>
  );
}
