/**
 * `$1,234.56` (`-$5.00` for negatives). Hand-rolled so output never depends on the runtime's locale data.
 *
 * @public
 */
export function formatUsd(amount: number): string {
  const cents = Math.round(Math.abs(amount) * 100);
  const dollars = Math.floor(cents / 100).toString();
  const grouped = dollars.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = amount < 0 && cents > 0 ? '-' : '';
  return `${sign}$${grouped}.${(cents % 100).toString().padStart(2, '0')}`;
}

/** A unit price with as many decimals as it has (2 to 5): `$0.096`, `$1,667.00`, `$0.00140`. */
export function formatUnitPrice(price: number): string {
  if (price >= 1 || price === 0) {
    return price >= 1000 ? formatUsd(price) : `$${trimDecimals(price, 2, 4)}`;
  }
  return `$${trimDecimals(price, 2, 5)}`;
}

/** A quantity with thousands separators and at most four decimals. */
export function formatQuantity(quantity: number): string {
  const [whole, fraction] = trimDecimals(quantity, 0, 4).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function trimDecimals(value: number, min: number, max: number): string {
  let text = value.toFixed(max);
  while (
    text.includes('.') &&
    text.endsWith('0') &&
    text.split('.')[1].length > min
  ) {
    text = text.slice(0, -1);
  }
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
