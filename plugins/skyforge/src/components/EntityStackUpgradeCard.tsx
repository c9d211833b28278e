import Typography from '@material-ui/core/Typography';
import { InfoCard, LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  stackUpgrade,
  UPGRADE_TEMPLATE,
  upgradeTemplateLink,
} from '../lib/stackUpgrade';
import { upgradeTemplateRouteRef } from '../routes';

/**
 * A notice on the overview of an entity whose stack an older Skyforge renderer produced, linking
 * the "Upgrade a Skyforge stack" template with the entity filled in. Renders nothing when the
 * stack is up to date.
 */
export function EntityStackUpgradeCard() {
  const { entity } = useEntity();
  const templateRoute = useRouteRef(upgradeTemplateRouteRef);
  const upgrade = stackUpgrade(entity);
  if (!upgrade) return null;
  const renderedBy = upgrade.renderedBy
    ? `Skyforge renderer ${upgrade.renderedBy}`
    : 'a Skyforge renderer older than 0.2.0';
  return (
    <InfoCard title="Skyforge upgrade available">
      <Typography variant="body2" paragraph>
        This stack was rendered by {renderedBy}; renderer {upgrade.installed} is
        installed. The upgrade opens a pull request that re-renders{' '}
        <code>skyforge.yaml</code>, keeps the files you edited by hand (and
        lists them) and shows the new cost estimate.
      </Typography>
      {templateRoute ? (
        <LinkButton
          variant="contained"
          color="primary"
          to={upgradeTemplateLink(templateRoute(UPGRADE_TEMPLATE), entity)}
        >
          Open an upgrade pull request
        </LinkButton>
      ) : (
        <Typography variant="body2">
          Run the “Upgrade a Skyforge stack” template for this component.
        </Typography>
      )}
    </InfoCard>
  );
}
