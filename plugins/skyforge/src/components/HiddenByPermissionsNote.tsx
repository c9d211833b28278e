import Typography from '@material-ui/core/Typography';

/**
 * Says how many parts of a roll-up (or clusters of the fleet) the backend left out because the
 * viewer may not read them, so a total is never mistaken for the whole; nothing when none were.
 */
export function HiddenByPermissionsNote(props: {
  count?: number;
  noun?: 'part' | 'cluster';
}) {
  const { count, noun = 'part' } = props;
  if (!count) {
    return null;
  }
  return (
    <Typography variant="body2" color="textSecondary" role="note">
      {count} {noun}
      {count === 1 ? '' : 's'} hidden by permissions
    </Typography>
  );
}
