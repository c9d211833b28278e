import type { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  AzureBlobObjectStore,
  AzureBlobStoreOptions,
} from './AzureBlobObjectStore';
import { GcsObjectStore, GcsStoreOptions } from './GcsObjectStore';
import { LocalObjectStore } from './LocalObjectStore';
import type { ObjectStore } from './ObjectStore';
import type { FocusLocation } from './parseFocusLocation';
import { S3ObjectStore, S3StoreOptions } from './S3ObjectStore';
import { UrlReaderObjectStore } from './UrlReaderObjectStore';

/** Per-store connection settings of a `focus` source (`options.s3`, `.gcs`, `.azure`). */
export interface ObjectStoreSettings {
  s3?: Omit<S3StoreOptions, 'bucket'>;
  gcs?: Omit<GcsStoreOptions, 'bucket'>;
  azure?: Omit<AzureBlobStoreOptions, 'account' | 'container'>;
}

/**
 * The store a location lives in. The cloud SDKs serve `s3://`, `gs://` and Azure Blob locations:
 * export layouts need listings with dates and sizes, exports are hundreds of MB (streamed to disk,
 * never buffered) and billing buckets get credentials of their own. Backstage's URL reader serves
 * other `https://` files.
 */
export function createObjectStore(options: {
  location: FocusLocation;
  settings: ObjectStoreSettings;
  urlReader?: UrlReaderService;
}): ObjectStore {
  const { location, settings } = options;
  switch (location.store) {
    case 'local':
      return new LocalObjectStore();
    case 's3':
      return new S3ObjectStore({ ...settings.s3, bucket: location.bucket });
    case 'gs':
      return new GcsObjectStore({ ...settings.gcs, bucket: location.bucket });
    case 'azure':
      return new AzureBlobObjectStore({
        ...settings.azure,
        account: location.account,
        container: location.container,
      });
    case 'url':
      if (!options.urlReader) {
        throw new Error(`No URL reader to read '${location.url}'`);
      }
      return new UrlReaderObjectStore(location.url, options.urlReader);
    default:
      throw new Error('Unknown FOCUS location');
  }
}
