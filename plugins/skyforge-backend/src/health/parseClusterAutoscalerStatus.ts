/** One node group as the cluster autoscaler reports it. */
export interface ClusterAutoscalerNodeGroupStatus {
  /** The cloud node group id, e.g. an ASG name, a MIG URL or `aks-<pool>-<id>-vmss`. */
  name: string;
  /** `Healthy` or `Unhealthy`. */
  health?: string;
  ready?: number;
  unready?: number;
  registered?: number;
  longUnregistered?: number;
  cloudProviderTarget?: number;
  minSize?: number;
  maxSize?: number;
  /** `NoActivity`, `InProgress` or `Backoff`. */
  scaleUp?: string;
  /** `NoCandidates` or `CandidatesPresent`. */
  scaleDown?: string;
}

/** The `status` key of the `kube-system/cluster-autoscaler-status` ConfigMap, parsed. */
export interface ClusterAutoscalerStatus {
  /** `Running` or `Initializing`; only the YAML format (cluster autoscaler 1.30+) says it. */
  autoscalerStatus?: string;
  /** When the autoscaler wrote the status, as written. */
  time?: string;
  clusterHealth?: string;
  clusterScaleUp?: string;
  clusterScaleDown?: string;
  nodeGroups: ClusterAutoscalerNodeGroupStatus[];
}

/**
 * Parses the cluster autoscaler's status ConfigMap text. Two formats exist: the human-readable
 * one (`Cluster-autoscaler status at ...`, `NodeGroups:` with `Health: Healthy (ready=3 ...
 * cloudProviderTarget=3 (minSize=1, maxSize=10))`) written before 1.30, and the YAML document
 * (`autoscalerStatus:`, `clusterWide:`, `nodeGroups:`) written from 1.30 on.
 */
export function parseClusterAutoscalerStatus(options: {
  text: string;
}): ClusterAutoscalerStatus {
  const { text } = options;
  if (
    /^\s*(autoscalerStatus|clusterWide|nodeGroups|time)\s*:/m.test(text) &&
    !/^NodeGroups:/m.test(text)
  ) {
    return parseYamlFormat(text);
  }
  return parseTextFormat(text);
}

const NUMBER_PAIR = /([A-Za-z]+)=(\d+)/g;

function countsOf(details: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of details.matchAll(NUMBER_PAIR)) {
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

function parseTextFormat(text: string): ClusterAutoscalerStatus {
  const status: ClusterAutoscalerStatus = { nodeGroups: [] };
  const timeMatch = /^Cluster-autoscaler status at (.+?):\s*$/m.exec(text);
  if (timeMatch) {
    status.time = timeMatch[1];
  }
  let section: 'cluster' | 'nodeGroups' | undefined;
  let group: ClusterAutoscalerNodeGroupStatus | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*Cluster-wide:\s*$/.test(line)) {
      section = 'cluster';
      continue;
    }
    if (/^\s*NodeGroups:\s*$/.test(line)) {
      section = 'nodeGroups';
      continue;
    }
    const field = /^\s*(Name|Health|ScaleUp|ScaleDown):\s+(\S+)\s*(.*)$/.exec(
      line,
    );
    if (!field || !section) {
      continue;
    }
    const [, key, word, details] = field;
    if (section === 'cluster') {
      if (key === 'Health') status.clusterHealth = word;
      if (key === 'ScaleUp') status.clusterScaleUp = word;
      if (key === 'ScaleDown') status.clusterScaleDown = word;
      continue;
    }
    if (key === 'Name') {
      group = { name: `${word}${details ? ` ${details}` : ''}`.trim() };
      status.nodeGroups.push(group);
    } else if (group && key === 'Health') {
      const counts = countsOf(details);
      Object.assign(group, {
        health: word,
        ready: counts.ready,
        unready: counts.unready,
        registered: counts.registered,
        longUnregistered: counts.longUnregistered,
        cloudProviderTarget: counts.cloudProviderTarget,
        minSize: counts.minSize,
        maxSize: counts.maxSize,
      });
    } else if (group && key === 'ScaleUp') {
      group.scaleUp = word;
    } else if (group && key === 'ScaleDown') {
      group.scaleDown = word;
    }
  }
  return status;
}

type YamlValue =
  | string
  | number
  | boolean
  | YamlValue[]
  | { [key: string]: YamlValue };
type YamlMap = { [key: string]: YamlValue };

interface YamlLine {
  indent: number;
  content: string;
}

function parseScalar(raw: string): YamlValue {
  const value = raw.trim();
  if (value.startsWith('"') && value.endsWith('"')) {
    return JSON.parse(value);
  }
  if (value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return value;
}

/**
 * Reads the block-style YAML subset the autoscaler emits (mappings, sequences of mappings and
 * plain or quoted scalars), so the backend needs no YAML dependency for one ConfigMap.
 */
function parseYamlBlocks(text: string): YamlValue {
  const lines: YamlLine[] = text
    .split(/\r?\n/)
    .filter(line => line.trim() !== '' && !line.trim().startsWith('#'))
    .map(line => ({
      indent: line.length - line.trimStart().length,
      content: line.trim(),
    }));
  let index = 0;

  const isItem = (line: YamlLine) =>
    line.content === '-' || line.content.startsWith('- ');

  function parseBlock(indent: number): YamlValue {
    return isItem(lines[index]) ? parseSequence(indent) : parseMapping(indent);
  }

  function parseNested(parentIndent: number, parentIsItem: boolean): YamlValue {
    const next = lines[index];
    if (!next) return '';
    if (
      next.indent > parentIndent ||
      (!parentIsItem && next.indent === parentIndent && isItem(next))
    ) {
      return parseBlock(next.indent);
    }
    return '';
  }

  function parseMapping(indent: number): YamlMap {
    const map: YamlMap = {};
    while (
      index < lines.length &&
      lines[index].indent === indent &&
      !isItem(lines[index])
    ) {
      const { content } = lines[index];
      const colon = content.indexOf(':');
      if (colon < 0) {
        index++;
        continue;
      }
      const key = content.slice(0, colon).trim();
      const rest = content.slice(colon + 1).trim();
      index++;
      map[key] = rest === '' ? parseNested(indent, false) : parseScalar(rest);
    }
    return map;
  }

  function parseSequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (
      index < lines.length &&
      lines[index].indent === indent &&
      isItem(lines[index])
    ) {
      const rest = lines[index].content.slice(1).trim();
      if (rest === '') {
        index++;
        items.push(parseNested(indent, true));
      } else if (/^[^"'][^:]*:(\s|$)/.test(rest)) {
        // "- key: value" opens a mapping whose keys line up with "key".
        lines[index] = {
          indent: indent + lines[index].content.indexOf(rest),
          content: rest,
        };
        items.push(parseMapping(lines[index].indent));
      } else {
        index++;
        items.push(parseScalar(rest));
      }
    }
    return items;
  }

  return lines.length === 0 ? {} : parseBlock(lines[0].indent);
}

function asMap(value: YamlValue | undefined): YamlMap {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? value
    : {};
}

function asNumber(value: YamlValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function asString(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseYamlFormat(text: string): ClusterAutoscalerStatus {
  const document = asMap(parseYamlBlocks(text));
  const clusterWide = asMap(document.clusterWide);
  const groups = Array.isArray(document.nodeGroups) ? document.nodeGroups : [];
  return {
    autoscalerStatus: asString(document.autoscalerStatus),
    time: asString(document.time),
    clusterHealth: asString(asMap(clusterWide.health).status),
    clusterScaleUp: asString(asMap(clusterWide.scaleUp).status),
    clusterScaleDown: asString(asMap(clusterWide.scaleDown).status),
    nodeGroups: groups.map(value => {
      const group = asMap(value);
      const health = asMap(group.health);
      const counts = asMap(health.nodeCounts);
      const registered = asMap(counts.registered);
      const unready = registered.unready;
      return {
        name: asString(group.name) ?? '',
        health: asString(health.status),
        ready: asNumber(registered.ready),
        unready:
          typeof unready === 'number'
            ? unready
            : asNumber(asMap(unready).total),
        registered: asNumber(registered.total),
        longUnregistered: asNumber(counts.longUnregistered),
        cloudProviderTarget: asNumber(health.cloudProviderTarget),
        minSize: asNumber(health.minSize),
        maxSize: asNumber(health.maxSize),
        scaleUp: asString(asMap(group.scaleUp).status),
        scaleDown: asString(asMap(group.scaleDown).status),
      };
    }),
  };
}
