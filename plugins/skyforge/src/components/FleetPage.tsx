import { Content, Header, Page } from '@backstage/core-components';
import { FleetContent } from './FleetContent';

/** The fleet page with its own header, for the legacy frontend system. */
export function FleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Fleet"
        subtitle="Every Kubernetes cluster: health, node pools, autoscaling and cost"
      />
      <Content>
        <FleetContent />
      </Content>
    </Page>
  );
}
