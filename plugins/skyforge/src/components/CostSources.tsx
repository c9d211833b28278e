import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { CostSourceStatus } from '@skyforge/plugin-skyforge-common';
import { relativeTime } from '../lib/costRange';

function SourceStatus(props: { source: CostSourceStatus }) {
  const { source } = props;
  if (source.lastError) {
    return <StatusError>Failing</StatusError>;
  }
  if (!source.lastSuccessAt) {
    return <StatusWarning>Never ingested</StatusWarning>;
  }
  return <StatusOK>Up to date</StatusOK>;
}

/** Freshness of every cost source: last success, data through and the last error. */
export function CostSources(props: {
  sources: CostSourceStatus[];
  now: Date;
  locale: string;
}) {
  const { sources, now, locale } = props;
  if (sources.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cost sources are configured (<code>skyforge.cost.sources</code> in
        app-config).
      </Typography>
    );
  }
  return (
    <List dense aria-label="Cost sources">
      {sources.map(source => {
        const lastSuccess = relativeTime(source.lastSuccessAt, now, locale);
        const details = [
          lastSuccess
            ? `Last success ${lastSuccess}`
            : 'No successful ingestion yet',
          source.dataThrough ? `data through ${source.dataThrough}` : undefined,
        ].filter(Boolean);
        return (
          <ListItem key={source.id} aria-label={source.id} disableGutters>
            <ListItemText
              primary={
                <Box display="flex" alignItems="center" gridGap={8}>
                  <SourceStatus source={source} />
                  <span>
                    {source.id} ({source.type})
                  </span>
                </Box>
              }
              secondary={
                <>
                  <span title={source.lastSuccessAt}>{details.join(', ')}</span>
                  {source.lastError && (
                    <Typography
                      component="span"
                      variant="body2"
                      color="error"
                      display="block"
                    >
                      Last error: {source.lastError}
                    </Typography>
                  )}
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
