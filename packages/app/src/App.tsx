import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import skyforgePlugin from '@skyforge/plugin-skyforge/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

// `app.packages: all` also discovers these plugins from package.json; createApp keeps one
// instance per plugin id, so listing them here only makes the wiring explicit (and testable).
// Skyforge brings the entity Cost and Health tabs and cards, the fleet page (/skyforge/fleet, in
// the sidebar after Create), and the Create wizard's cost preview (`ui:field: SkyforgeCostEstimate`)
// and policy check (`ui:field: SkyforgeStackCheck`), which attach to the scaffolder's form fields.
export const features = [
  catalogPlugin,
  scaffolderPlugin,
  skyforgePlugin,
  navModule,
  homeModule,
];

export default createApp({ features });
