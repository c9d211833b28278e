import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  COST_GROUP_BY,
  type CostGranularity,
  type CostGroupBy,
} from '@skyforge/plugin-skyforge-common';
import { COST_RANGE_DAYS, type CostRangeDays } from '../lib/costRange';

export interface CostSelection {
  days: CostRangeDays;
  granularity: CostGranularity;
  groupBy: CostGroupBy;
}

const groupByLabels: Record<CostGroupBy, string> = {
  service: 'Service',
  environment: 'Environment',
  cloud: 'Cloud',
  region: 'Region',
  source: 'Source',
};

export function groupByLabel(groupBy: CostGroupBy): string {
  return groupByLabels[groupBy];
}

/** Range (last 30/90/365 days), granularity and breakdown dimension of the Cost tab. */
export function CostControls(props: {
  selection: CostSelection;
  onChange: (selection: CostSelection) => void;
}) {
  const { selection, onChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={16}>
      <ToggleButtonGroup
        size="small"
        exclusive
        aria-label="Date range"
        value={selection.days}
        onChange={(_event, days: CostRangeDays | null) => {
          // A click on the selected button yields null; keep the current range.
          if (days !== null) {
            onChange({ ...selection, days });
          }
        }}
      >
        {COST_RANGE_DAYS.map(days => (
          <ToggleButton key={days} value={days}>
            Last {days} days
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <ToggleButtonGroup
        size="small"
        exclusive
        aria-label="Granularity"
        value={selection.granularity}
        onChange={(_event, granularity: CostGranularity | null) => {
          if (granularity !== null) {
            onChange({ ...selection, granularity });
          }
        }}
      >
        <ToggleButton value="day">Daily</ToggleButton>
        <ToggleButton value="month">Monthly</ToggleButton>
      </ToggleButtonGroup>
      <TextField
        select
        id="skyforge-cost-group-by"
        label="Break down by"
        variant="outlined"
        size="small"
        value={selection.groupBy}
        SelectProps={{ native: true }}
        onChange={event =>
          onChange({ ...selection, groupBy: event.target.value as CostGroupBy })
        }
      >
        {COST_GROUP_BY.map(groupBy => (
          <option key={groupBy} value={groupBy}>
            {groupByLabel(groupBy)}
          </option>
        ))}
      </TextField>
    </Box>
  );
}
