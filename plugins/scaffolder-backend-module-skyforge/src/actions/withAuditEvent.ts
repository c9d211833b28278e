import type { AuditorService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/** What of a scaffolder action's context an audit event names. */
interface AuditedContext {
  isDryRun?: boolean;
  task: { id: string };
  templateInfo?: { entityRef?: string };
  user?: { ref?: string };
}

/**
 * Runs an action's work as an auditor event: `initiated` when the step starts, then `succeeded`
 * with the metadata the work returns, or `failed` with its error. Severity medium (the action
 * writes: files to publish, a pull request), low in a dry run. The event names the task, the
 * template and the user who started it (the auditor's own actor is the scaffolder).
 */
export async function withAuditEvent(
  options: {
    auditor: AuditorService | undefined;
    eventId: string;
    ctx: AuditedContext;
  },
  work: () => Promise<JsonObject | void>,
): Promise<void> {
  const { auditor, eventId, ctx } = options;
  const event = await auditor?.createEvent({
    eventId,
    severityLevel: ctx.isDryRun ? 'low' : 'medium',
    meta: {
      taskId: ctx.task.id,
      dryRun: Boolean(ctx.isDryRun),
      ...(ctx.templateInfo?.entityRef && {
        template: ctx.templateInfo.entityRef,
      }),
      ...(ctx.user?.ref && { initiatedBy: ctx.user.ref }),
    },
  });
  let meta;
  try {
    meta = await work();
  } catch (error) {
    await event?.fail({ error: error as Error });
    throw error;
  }
  await event?.success(meta ? { meta } : undefined);
}
