import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleDemoKubernetesCluster } from './demo/catalogModuleDemoKubernetesCluster';
import { permissionModuleSkyforgePolicy } from './permissions/permissionModuleSkyforgePolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest locally; add real providers in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// The local demo's cluster (recorded objects); on only where skyforge.demo.kubernetesCluster is.
backend.add(catalogModuleDemoKubernetesCluster);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@skyforge/plugin-scaffolder-backend-module-skyforge'));

backend.add(import('@backstage/plugin-techdocs-backend'));

// Permissions: each plugin checks its own; the example policy (src/permissions) gives Skyforge's
// cost and health to an entity's owners and their parent groups, everything to admin groups.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleSkyforgePolicy);

// Search uses PostgreSQL when the backend runs on it, and the in-memory engine otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
// Hands the Kubernetes backend's clusters, fetcher and auth to Skyforge's health, in-process.
backend.add(import('@skyforge/plugin-kubernetes-backend-module-skyforge'));

// Skyforge: cost ingestion (skyforge.cost in app-config.yaml), the cost, health and fleet API.
backend.add(import('@skyforge/plugin-skyforge-backend'));

// Actions (backend.actions.pluginSources) for AI assistants over MCP at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
