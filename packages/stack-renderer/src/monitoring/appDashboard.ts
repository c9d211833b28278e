import {
  appSelector,
  type AppTarget,
  REQUEST_DURATION_METRIC,
  STATUS_CODE_LABEL,
} from './appMetrics';

/** One chart of the application dashboard: a PromQL query and its unit. */
export interface DashboardPanel {
  title: string;
  query: string;
  /** Grafana unit id; Cloud Monitoring shows the query's own scale. */
  unit: 'reqps' | 'percentunit' | 's' | 'short';
}

/** The application dashboard, one source for Grafana (AWS, Azure) and Cloud Monitoring (GCP). */
export function appDashboardPanels(target: AppTarget): DashboardPanel[] {
  const app = appSelector(target);
  const requests = `${REQUEST_DURATION_METRIC}_count`;
  return [
    {
      title: 'Requests per second',
      query: `sum(rate(${requests}{${app}}[5m]))`,
      unit: 'reqps',
    },
    {
      title: 'Error ratio (5xx)',
      query: `sum(rate(${requests}{${app},${STATUS_CODE_LABEL}=~"5.."}[5m])) / sum(rate(${requests}{${app}}[5m]))`,
      unit: 'percentunit',
    },
    {
      title: 'Request duration p95',
      query: `histogram_quantile(0.95, sum by (le) (rate(${REQUEST_DURATION_METRIC}_bucket{${app}}[5m])))`,
      unit: 's',
    },
    {
      title: 'Available replicas',
      query: `sum(kube_deployment_status_replicas_available{${app},deployment="${target.deployment}"})`,
      unit: 'short',
    },
    {
      title: 'Container restarts (15 min)',
      query: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${app}}[15m]))`,
      unit: 'short',
    },
  ];
}

const COLUMNS = 2;
const GRAFANA_WIDTH = 12;
const GRAFANA_HEIGHT = 8;

/**
 * The dashboard as Grafana JSON model, for Amazon Managed Grafana and Azure Managed Grafana: the
 * data source is a variable, so the import picks the workspace's Prometheus data source.
 */
export function grafanaDashboard(target: AppTarget): Record<string, unknown> {
  const name = target.deployment;
  return {
    uid: `skyforge-${name}`,
    title: `${name} application`,
    tags: ['skyforge', name],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
        },
      ],
    },
    panels: appDashboardPanels(target).map((panel, index) => ({
      id: index + 1,
      type: 'timeseries',
      title: panel.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: {
        x: (index % COLUMNS) * GRAFANA_WIDTH,
        y: Math.floor(index / COLUMNS) * GRAFANA_HEIGHT,
        w: GRAFANA_WIDTH,
        h: GRAFANA_HEIGHT,
      },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: [{ refId: 'A', expr: panel.query }],
    })),
  };
}

/** The dashboard as a Cloud Monitoring dashboard (`google_monitoring_dashboard`), charts in PromQL. */
export function cloudMonitoringDashboard(
  target: AppTarget,
): Record<string, unknown> {
  const width = 24;
  const height = 16;
  return {
    displayName: `${target.deployment} application`,
    mosaicLayout: {
      columns: 48,
      tiles: appDashboardPanels(target).map((panel, index) => ({
        xPos: (index % COLUMNS) * width,
        yPos: Math.floor(index / COLUMNS) * height,
        width,
        height,
        widget: {
          title: panel.title,
          xyChart: {
            dataSets: [
              {
                plotType: 'LINE',
                timeSeriesQuery: { prometheusQuery: panel.query },
              },
            ],
          },
        },
      })),
    },
  };
}
