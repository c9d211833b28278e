/**
 * FOCUS service categories of the Cloud Billing services a Skyforge stack uses (the
 * `service.description` of the export); any other service is `Other`.
 */
const SERVICE_CATEGORIES: ReadonlyArray<[string, readonly string[]]> = [
  ['Compute', ['Compute Engine', 'Kubernetes Engine', 'Cloud Run']],
  [
    'Databases',
    ['Cloud SQL', 'Cloud Memorystore for Redis', 'Memorystore for Redis'],
  ],
  ['Storage', ['Cloud Storage', 'Artifact Registry']],
  ['Networking', ['Networking', 'Cloud DNS']],
  ['Security', ['Cloud Key Management Service (KMS)', 'Secret Manager']],
  ['Management and Governance', ['Cloud Logging', 'Cloud Monitoring']],
  ['Integration', ['Cloud Pub/Sub']],
  ['Analytics', ['BigQuery']],
];

function quote(value: string): string {
  return `'${value.replace(/'/g, "\\'")}'`;
}

/**
 * The query of the `focus` view over the Cloud Billing detailed usage cost export: the FOCUS 1.0
 * columns that Skyforge's `bigquery` cost source reads (and the usual identifying ones), from the
 * export's columns (Cloud Billing, "Structure of Detailed data export"), reading `table` (a
 * Terraform template expression in the rendered heredoc). Costs are NUMERIC: credits (sustained and
 * committed use discounts, promotions) are part of both BilledCost and EffectiveCost, since the
 * export carries no amortisation of prepaid commitments. Tags are the resource's labels, as a JSON
 * object in text.
 */
export function gcpFocusViewQuery(table: string): string {
  const netCost =
    'CAST(cost AS NUMERIC) + IFNULL((SELECT SUM(CAST(credit.amount AS NUMERIC)) FROM UNNEST(credits) AS credit), 0)';
  const categories = SERVICE_CATEGORIES.map(
    ([category, services]) =>
      `    WHEN service.description IN (${services
        .map(quote)
        .join(', ')}) THEN ${quote(category)}`,
  );
  return [
    'SELECT',
    "  TIMESTAMP(PARSE_DATE('%Y%m', invoice.month)) AS BillingPeriodStart,",
    "  TIMESTAMP(DATE_ADD(PARSE_DATE('%Y%m', invoice.month), INTERVAL 1 MONTH)) AS BillingPeriodEnd,",
    '  billing_account_id AS BillingAccountId,',
    '  currency AS BillingCurrency,',
    '  usage_start_time AS ChargePeriodStart,',
    '  usage_end_time AS ChargePeriodEnd,',
    "  CASE cost_type WHEN 'regular' THEN 'Usage' WHEN 'tax' THEN 'Tax' ELSE 'Adjustment' END AS ChargeCategory,",
    '  sku.description AS ChargeDescription,',
    `  ${netCost} AS BilledCost,`,
    `  ${netCost} AS EffectiveCost,`,
    '  CAST(cost_at_list AS NUMERIC) AS ListCost,',
    "  'Google Cloud' AS ProviderName,",
    "  IFNULL(seller_name, 'Google Cloud') AS PublisherName,",
    "  'Google Cloud' AS InvoiceIssuerName,",
    '  service.description AS ServiceName,',
    '  CASE',
    ...categories,
    "    ELSE 'Other'",
    '  END AS ServiceCategory,',
    '  location.region AS RegionId,',
    '  location.region AS RegionName,',
    '  location.zone AS AvailabilityZone,',
    '  project.id AS SubAccountId,',
    '  project.name AS SubAccountName,',
    '  resource.global_name AS ResourceId,',
    '  resource.name AS ResourceName,',
    '  sku.id AS SkuId,',
    '  usage.amount AS ConsumedQuantity,',
    '  usage.unit AS ConsumedUnit,',
    '  usage.amount_in_pricing_units AS PricingQuantity,',
    '  usage.pricing_unit AS PricingUnit,',
    "  (SELECT CONCAT('{', IFNULL(STRING_AGG(CONCAT(TO_JSON_STRING(label.key), ':', TO_JSON_STRING(label.value)), ','), ''), '}') FROM UNNEST(labels) AS label) AS Tags",
    `FROM \`${table}\``,
  ].join('\n');
}
