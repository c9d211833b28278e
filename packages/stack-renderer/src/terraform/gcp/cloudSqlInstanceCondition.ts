import { attr, block, expr, type HclBlock } from '../../hcl/hcl';

/**
 * The IAM condition that limits a project-level Cloud SQL role to the database module's instance
 * (the app's service account and the database role job's both hold their role only there).
 */
export function cloudSqlInstanceCondition(): HclBlock {
  return block(
    'condition',
    [],
    [
      attr('title', expr('"Only ${google_sql_database_instance.this.name}"')),
      attr(
        'expression',
        expr(
          '"resource.name == \\"projects/${var.project_id}/instances/${google_sql_database_instance.this.name}\\""',
        ),
      ),
    ],
  );
}
