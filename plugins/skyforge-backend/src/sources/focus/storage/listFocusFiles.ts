import { minimatch } from 'minimatch';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { FocusFileFormat, focusFileFormat } from '../focusFileQuery';
import { baseName, ObjectStore, parentKey, StoredObject } from './ObjectStore';
import { addDays } from '../../../util/dates';

/** How exports are laid out under a location. */
export const FOCUS_LAYOUTS = [
  'files',
  'aws-data-exports',
  'azure-cost-exports',
] as const;
export type FocusLayout = (typeof FOCUS_LAYOUTS)[number];

/** One file to read. */
export interface FocusFileRef {
  key: string;
  format: FocusFileFormat;
  /** The billing period the file covers, when the layout tells; both days inclusive. */
  period?: { from: string; to: string };
}

/** `2024-09` → the first and last day of September 2024. */
function monthPeriod(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const [year, monthNumber] = month.split('-').map(Number);
  const next = `${monthNumber === 12 ? year + 1 : year}-${String(
    (monthNumber % 12) + 1,
  ).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

async function listAll(
  store: ObjectStore,
  prefix: string,
  signal?: AbortSignal,
): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of store.list(prefix, signal)) {
    objects.push(object);
  }
  return objects;
}

function toRef(key: string, period?: FocusFileRef['period']) {
  const format = focusFileFormat(key);
  return format ? [{ key, format, period }] : [];
}

/** Files at a prefix: the object itself, or every FOCUS file below it; or those matching a glob. */
async function plainFiles(options: {
  store: ObjectStore;
  prefix: string;
  pattern?: string;
  location: string;
  signal?: AbortSignal;
}): Promise<FocusFileRef[]> {
  const { store, prefix, pattern, location, signal } = options;
  if (pattern) {
    const matches = (await listAll(store, prefix, signal))
      .filter(object => minimatch(object.key, pattern, { dot: true }))
      .flatMap(object => toRef(object.key));
    if (matches.length === 0) {
      throw new Error(`No FOCUS files match '${location}'`);
    }
    return matches;
  }
  const objects = await listAll(store, prefix, signal);
  if (objects.some(object => object.key === prefix)) {
    return [{ key: prefix, format: focusFileFormat(prefix) ?? 'csv' }];
  }
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const files = objects
    .filter(object => object.key.startsWith(folder))
    .flatMap(object => toRef(object.key));
  if (files.length === 0) {
    throw new Error(
      objects.length === 0
        ? `FOCUS location '${location}' does not exist or is empty`
        : `FOCUS location '${location}' holds no .csv, .csv.gz or .parquet files`,
    );
  }
  return files;
}

/** The newest set of files among several deliveries: the sub-folder modified last. */
function newestDelivery(objects: StoredObject[], base: string): StoredObject[] {
  const byFolder = new Map<string, StoredObject[]>();
  for (const object of objects) {
    const relative = object.key.slice(base.length);
    const folder = relative.includes('/')
      ? relative.slice(0, relative.indexOf('/'))
      : '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), object]);
  }
  const newest = (group: StoredObject[]) =>
    Math.max(...group.map(object => object.lastModified?.getTime() ?? 0));
  return [...byFolder.values()].sort((a, b) => newest(b) - newest(a))[0] ?? [];
}

/**
 * AWS Data Exports (FOCUS 1.x, CUR 2.0): `<prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/...` with
 * `<prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`, which AWS writes
 * after the data files and which lists them in `dataFiles`. Per billing period, exactly the
 * manifest's files are read (in "create new" mode older deliveries stay next to the newest);
 * without a manifest yet, the newest delivery folder of the period.
 */
async function awsDataExportFiles(
  store: ObjectStore,
  root: string,
  logger: LoggerService,
  signal?: AbortSignal,
): Promise<FocusFileRef[]> {
  const objects = await listAll(store, root, signal);
  const keys = new Set(objects.map(object => object.key));
  const periods = new Map<
    string,
    { manifest?: string; data: StoredObject[] }
  >();
  const periodOf = (exportFolder: string, month: string) => {
    const id = `${exportFolder}\u0000${month}`;
    let period = periods.get(id);
    if (!period) {
      period = { data: [] };
      periods.set(id, period);
    }
    return period;
  };
  for (const object of objects) {
    const relative = object.key.slice(root.length);
    const manifest =
      /^(.*?\/?)metadata\/BILLING_PERIOD=(\d{4}-\d{2})\/[^/]*Manifest\.json$/i.exec(
        relative,
      );
    const data = /^(.*?\/?)data\/BILLING_PERIOD=(\d{4}-\d{2})\/.+$/.exec(
      relative,
    );
    if (manifest) {
      periodOf(manifest[1], manifest[2]).manifest = object.key;
    } else if (data && focusFileFormat(object.key)) {
      periodOf(data[1], data[2]).data.push(object);
    }
  }
  const files: FocusFileRef[] = [];
  for (const [id, period] of [...periods.entries()].sort()) {
    const [exportFolder, month] = id.split('\u0000');
    const range = monthPeriod(month);
    const dataPrefix = `${root}${exportFolder}data/BILLING_PERIOD=${month}/`;
    if (period.manifest) {
      const manifest = JSON.parse(
        await store.readText(period.manifest, signal),
      ) as { dataFiles?: unknown };
      if (!Array.isArray(manifest.dataFiles)) {
        throw new Error(
          `AWS export manifest '${period.manifest}' has no dataFiles list`,
        );
      }
      for (const uri of manifest.dataFiles as string[]) {
        const exact = uri.replace(/^s3:\/\/[^/]+\//, '');
        const marker = `/data/BILLING_PERIOD=${month}/`;
        const key = keys.has(exact)
          ? exact
          : `${dataPrefix}${uri.slice(uri.indexOf(marker) + marker.length)}`;
        files.push(...toRef(key, range));
      }
    } else if (period.data.length > 0) {
      logger.warn(
        `AWS export period ${month} under '${store.displayName}/${dataPrefix}' has no manifest yet (delivery in progress?); reading its newest delivery`,
      );
      for (const object of newestDelivery(period.data, dataPrefix)) {
        files.push(...toRef(object.key, range));
      }
    }
  }
  return files;
}

interface AzureExportManifest {
  exportConfig?: { exportName?: string };
  runInfo?: { submittedTime?: string; startDate?: string; endDate?: string };
  blobs?: Array<{ blobName?: string }>;
}

/**
 * Azure Cost Management exports (FocusCost): `<path>/<export>/<YYYYMMDD-YYYYMMDD>/<run>/` holds a
 * run's `part_*.csv.gz` or `part_*.parquet` files and its `manifest.json`, which lists them in
 * `blobs` and dates the run (`runInfo.submittedTime`) and its period (`runInfo.startDate`,
 * `endDate`). Every run re-exports the period, so only the latest run of each export and period
 * is read.
 */
async function azureCostExportFiles(
  store: ObjectStore,
  root: string,
  logger: LoggerService,
  signal?: AbortSignal,
): Promise<FocusFileRef[]> {
  const objects = await listAll(store, root, signal);
  const keys = new Set(objects.map(object => object.key));
  const latest = new Map<
    string,
    { key: string; submitted: number; manifest: AzureExportManifest }
  >();
  for (const object of objects) {
    if (!/(^|\/)manifest\.json$/i.test(object.key)) {
      continue;
    }
    const manifest = JSON.parse(
      await store.readText(object.key, signal),
    ) as AzureExportManifest;
    const start = manifest.runInfo?.startDate?.slice(0, 10);
    if (!start || !Array.isArray(manifest.blobs)) {
      logger.warn(
        `Ignoring '${store.displayName}/${object.key}': not a Cost Management export manifest (no runInfo.startDate or blobs)`,
      );
      continue;
    }
    const group = `${manifest.exportConfig?.exportName ?? ''}\u0000${start}`;
    const submitted = Date.parse(manifest.runInfo?.submittedTime ?? '') || 0;
    const current = latest.get(group);
    if (!current || submitted > current.submitted) {
      latest.set(group, { key: object.key, submitted, manifest });
    }
  }
  const files: FocusFileRef[] = [];
  for (const [, run] of [...latest.entries()].sort()) {
    const from = run.manifest.runInfo!.startDate!.slice(0, 10);
    const end = run.manifest.runInfo?.endDate?.slice(0, 10);
    const period = { from, to: end && end >= from ? end : from };
    for (const blob of run.manifest.blobs ?? []) {
      if (!blob.blobName) {
        continue;
      }
      const key = keys.has(blob.blobName)
        ? blob.blobName
        : `${parentKey(run.key)}/${baseName(blob.blobName)}`;
      files.push(...toRef(key, period));
    }
  }
  return files;
}

/**
 * The FOCUS files at a location, sorted by key, according to the export layout. Throws, naming
 * the location, when nothing is found.
 */
export async function listFocusFiles(options: {
  store: ObjectStore;
  prefix: string;
  pattern?: string;
  layout: FocusLayout;
  location: string;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<FocusFileRef[]> {
  const { store, prefix, pattern, layout, location, logger, signal } = options;
  if (layout === 'files') {
    const files = await plainFiles({
      store,
      prefix,
      pattern,
      location,
      signal,
    });
    return files.sort((a, b) => (a.key < b.key ? -1 : 1));
  }
  if (pattern) {
    throw new Error(
      `FOCUS location '${location}' has a glob, which the '${layout}' layout does not take: point it at the export's folder`,
    );
  }
  const root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const files =
    layout === 'aws-data-exports'
      ? await awsDataExportFiles(store, root, logger, signal)
      : await azureCostExportFiles(store, root, logger, signal);
  if (files.length === 0) {
    throw new Error(
      `No ${layout} deliveries (manifests with .csv, .csv.gz or .parquet files) under '${location}'`,
    );
  }
  return files;
}
