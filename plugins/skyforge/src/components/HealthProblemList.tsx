import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusError, StatusWarning } from '@backstage/core-components';
import type { HealthProblem } from '@skyforge/plugin-skyforge-common';

/** Problems, errors first, each with the object concerned and what to do about it. */
export function HealthProblemList(props: {
  problems: HealthProblem[];
  title?: string;
}) {
  const { problems } = props;
  const title = props.title ?? 'Problems';
  if (problems.length === 0) {
    return null;
  }
  const ordered = [
    ...problems.filter(problem => problem.severity === 'error'),
    ...problems.filter(problem => problem.severity === 'warning'),
  ];
  return (
    <Box component="section" aria-label={title}>
      <Typography variant="subtitle1" component="h3">
        {title}
      </Typography>
      <Box component="ul" pl={2} mt={1}>
        {ordered.map((problem, index) => (
          <Box component="li" key={`${problem.message} ${index}`} mb={1}>
            {problem.severity === 'error' ? (
              <StatusError>{problem.message}</StatusError>
            ) : (
              <StatusWarning>{problem.message}</StatusWarning>
            )}
            {problem.object && (
              <Typography variant="caption" display="block">
                {problem.object}
              </Typography>
            )}
            {problem.action && (
              <Typography variant="body2" color="textSecondary">
                What to do: {problem.action}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
