import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityCostResponse,
  EntityHealthResponse,
  FleetResponse,
  StackCheckResponse,
} from '@skyforge/plugin-skyforge-common';
import type {
  GetEntityCostOptions,
  GetEntityHealthOptions,
  GetFleetOptions,
  SkyforgeApi,
} from './SkyforgeApi';

/**
 * {@link SkyforgeApi} over HTTP, using the app's discovery (to find `/api/skyforge`) and fetch
 * (to send the user's credentials).
 *
 * @public
 */
export class SkyforgeClient implements SkyforgeApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityCost(
    options: GetEntityCostOptions,
  ): Promise<EntityCostResponse> {
    const query = new URLSearchParams();
    for (const key of [
      'from',
      'to',
      'days',
      'granularity',
      'groupBy',
    ] as const) {
      const value = options[key];
      if (value !== undefined) {
        query.set(key, String(value));
      }
    }
    const search = query.toString();
    return this.get<EntityCostResponse>(
      `${await this.entityPath(options.entityRef)}/cost${
        search ? `?${search}` : ''
      }`,
    );
  }

  async getEntityHealth(
    options: GetEntityHealthOptions,
  ): Promise<EntityHealthResponse> {
    return this.get<EntityHealthResponse>(
      `${await this.entityPath(options.entityRef)}/health`,
    );
  }

  async getFleet(options: GetFleetOptions = {}): Promise<FleetResponse> {
    const query = new URLSearchParams();
    if (options.owner) query.set('owner', options.owner);
    if (options.cloud) query.set('cloud', options.cloud);
    const search = query.toString();
    const baseUrl = await this.discoveryApi.getBaseUrl('skyforge');
    return this.get<FleetResponse>(
      `${baseUrl}/v1/fleet${search ? `?${search}` : ''}`,
    );
  }

  async checkStack(
    values: Record<string, unknown>,
  ): Promise<StackCheckResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('skyforge');
    return this.send<StackCheckResponse>(`${baseUrl}/v1/stack-checks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(values),
    });
  }

  private async entityPath(
    entityRef: GetEntityCostOptions['entityRef'],
  ): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('skyforge');
    // Kind and namespace are case-insensitive in the catalog; lowercase them like entity routes do
    // so that the same entity always maps to the same URL.
    const segments = [
      entityRef.namespace.toLocaleLowerCase('en-US'),
      entityRef.kind.toLocaleLowerCase('en-US'),
      entityRef.name,
    ].map(encodeURIComponent);
    return `${baseUrl}/v1/entities/${segments.join('/')}`;
  }

  private async get<T>(url: string): Promise<T> {
    return this.send<T>(url);
  }

  private async send<T>(url: string, init?: RequestInit): Promise<T> {
    const response = await this.fetchApi.fetch(url, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
