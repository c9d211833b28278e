import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CostStore } from '../database/CostStore';

/**
 * Deletes the stored cost of sources no longer configured, at start-up, as the auditor event
 * `cost-source-prune` (severity medium: it deletes data) naming the sources and how many daily
 * aggregates went. Nothing is logged or audited when no source was removed.
 */
export async function pruneRemovedSources(options: {
  store: CostStore;
  keepSourceIds: string[];
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<void> {
  const { store, keepSourceIds, auditor, logger } = options;
  const event = () =>
    auditor.createEvent({
      eventId: 'cost-source-prune',
      severityLevel: 'medium',
      meta: { keepSourceIds },
    });
  let pruned;
  try {
    pruned = await store.pruneSources({ keepSourceIds });
  } catch (error) {
    await (await event()).fail({ error: error as Error });
    throw error;
  }
  if (pruned.sourceIds.length === 0) {
    return;
  }
  await (
    await event()
  ).success({
    meta: {
      sourceIds: pruned.sourceIds,
      aggregatesDeleted: pruned.aggregatesDeleted,
    },
  });
  logger.info(
    `Deleted the cost data of removed sources: ${pruned.sourceIds.join(
      ', ',
    )} (${pruned.aggregatesDeleted} daily aggregates)`,
  );
}
