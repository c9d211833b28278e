function splitSelector(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

/** Whether labels match a Kubernetes label selector (`=`, `==`, `!=`, `in`, `notin`, exists, `!` not exists). */
export function matchesLabelSelector(
  labels: Record<string, string> = {},
  selector: string | null | undefined,
): boolean {
  if (!selector) return true;
  return splitSelector(selector).every(term => {
    let match = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (match) {
      const values = match[3].split(',').map(value => value.trim());
      const has = match[1] in labels && values.includes(labels[match[1]]);
      return match[2] === 'in' ? has : !has;
    }
    match = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (match) {
      const equal = labels[match[1]] === match[3].trim();
      return match[2] === '!=' ? !equal : equal;
    }
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}
