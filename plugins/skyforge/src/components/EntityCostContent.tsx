import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import { useEntityCost } from '../hooks';
import { hasCostRows } from '../lib/costData';
import { defaultLocale } from '../lib/costFormat';
import { CostControls, type CostSelection } from './CostControls';
import { CostEmptyState } from './CostEmptyState';
import { CostSources } from './CostSources';
import { CurrencyCostSection } from './CurrencyCostSection';
import { HiddenByPermissionsNote } from './HiddenByPermissionsNote';

const systemClock = () => new Date();

/** @public */
export interface EntityCostContentProps {
  /** The clock that source freshness is measured against; defaults to the system clock. */
  now?: () => Date;
}

/** The entity's Cost tab: range and breakdown controls, then one section per currency. */
export function EntityCostContent(props: EntityCostContentProps) {
  const now = props.now ?? systemClock;
  const { entity } = useEntity();
  const locale = defaultLocale();
  const [selection, setSelection] = useState<CostSelection>({
    days: 30,
    granularity: 'day',
    groupBy: 'service',
  });
  // The range ends at the latest day of cost data (the backend knows it), not at today: billing
  // exports lag by a day or more, and demo data may be old.
  const { value, loading, error } = useEntityCost(entity, {
    days: selection.days,
    granularity: selection.granularity,
    groupBy: selection.groupBy,
  });

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && !hasCostRows(value)) {
    body = <CostEmptyState entity={entity} response={value} />;
  } else if (value) {
    body = (
      <>
        <HiddenByPermissionsNote count={value.hiddenCount} />
        {value.currencies.length > 1 && (
          <Typography variant="body2" color="textSecondary" paragraph>
            This entity is billed in {value.currencies.length} currencies; each
            is shown on its own and never converted or summed.
          </Typography>
        )}
        {value.currencies.map(cost => (
          <Box key={cost.currency} mb={3}>
            <CurrencyCostSection
              cost={cost}
              from={value.from}
              to={value.to}
              granularity={value.granularity}
              groupBy={value.groupBy}
              locale={locale}
            />
          </Box>
        ))}
      </>
    );
  }

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <CostControls selection={selection} onChange={setSelection} />
      </Grid>
      <Grid item>{body}</Grid>
      {value && !loading && !error && (
        <Grid item>
          <InfoCard title="Cost sources">
            <CostSources sources={value.sources} now={now()} locale={locale} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
