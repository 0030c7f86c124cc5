/**
 * The process tree of one capture: processes linked by parent PID (PML captures carry it; CSV and XML
 * exports do not, so their list is flat), with event and failure counts per instance, and what only
 * one machine runs marked. Pure functions, so the ordering rules are testable.
 */
import type { ProcessInstanceStat } from '../../../../shared/contract';
import type { ProcessInfo } from '../../../../shared/model/trace';

export interface ProcessNode {
  info: ProcessInfo;
  events: number;
  failures: number;
  /** The process name does not occur in the other capture. */
  onlyHere: boolean;
  /** Events and failures of the process and everything below it (the order of siblings). */
  treeEvents: number;
  treeFailures: number;
  /** The process or one below it runs on this machine only. */
  treeOnly: boolean;
  children: ProcessNode[];
  depth: number;
}

/**
 * Builds the forest: a process's parent is the process with its parent PID that started before it
 * (PIDs are reused, so the latest such start wins). Siblings: one-machine-only first, then those
 * with such a process below them, then by failures and events of their subtree.
 */
export function buildProcessTree(
  processes: readonly ProcessInfo[],
  stats: readonly ProcessInstanceStat[],
  otherNames: ReadonlySet<string>,
): ProcessNode[] {
  const counts = new Map(stats.map((s) => [`${s.pid}\u0000${s.name.toLowerCase()}`, s]));
  const nodes = processes.map((info) => {
    const c = counts.get(`${info.pid}\u0000${info.name.toLowerCase()}`);
    return {
      info,
      events: c?.events ?? 0,
      failures: c?.failures ?? 0,
      onlyHere: otherNames.size > 0 && !otherNames.has(info.name.toLowerCase()),
      treeEvents: 0,
      treeFailures: 0,
      treeOnly: false,
      children: [] as ProcessNode[],
      depth: 0,
    };
  });
  const byPid = new Map<number, ProcessNode[]>();
  for (const n of nodes) byPid.set(n.info.pid, [...(byPid.get(n.info.pid) ?? []), n]);
  const roots: ProcessNode[] = [];
  for (const n of nodes) {
    const candidates = (byPid.get(n.info.parentPid) ?? []).filter(
      (p) => p !== n && (!p.info.startTime || !n.info.startTime || p.info.startTime <= n.info.startTime),
    );
    const parent = candidates.sort((a, b) => (a.info.startTime < b.info.startTime ? 1 : -1))[0];
    if (n.info.parentPid >= 0 && parent && !isAncestor(n, parent)) parent.children.push(n);
    else roots.push(n);
  }
  const total = (n: ProcessNode, seen: Set<ProcessNode>): void => {
    seen.add(n);
    n.treeEvents = n.events;
    n.treeFailures = n.failures;
    n.treeOnly = n.onlyHere;
    for (const c of n.children) {
      if (seen.has(c)) continue;
      total(c, seen);
      n.treeEvents += c.treeEvents;
      n.treeFailures += c.treeFailures;
      n.treeOnly ||= c.treeOnly;
    }
  };
  for (const r of roots) total(r, new Set());
  const order = (list: ProcessNode[], depth: number): ProcessNode[] => {
    list.sort(
      (a, b) =>
        Number(b.onlyHere) - Number(a.onlyHere) ||
        Number(b.treeOnly) - Number(a.treeOnly) ||
        b.treeFailures - a.treeFailures ||
        b.treeEvents - a.treeEvents ||
        a.info.name.localeCompare(b.info.name),
    );
    for (const n of list) {
      n.depth = depth;
      order(n.children, depth + 1);
    }
    return list;
  };
  return order(roots, 0);
}

function isAncestor(node: ProcessNode, of: ProcessNode): boolean {
  const seen = new Set<ProcessNode>();
  const walk = (n: ProcessNode): boolean => {
    if (seen.has(n)) return false;
    seen.add(n);
    return n.children.some((c) => c === of || walk(c));
  };
  return walk(node);
}

/** The nodes in display order, skipping the children of collapsed nodes. */
export function visibleRows(
  roots: readonly ProcessNode[],
  collapsed: ReadonlySet<ProcessInfo>,
): ProcessNode[] {
  const out: ProcessNode[] = [];
  const walk = (list: readonly ProcessNode[]) => {
    for (const n of list) {
      out.push(n);
      if (!collapsed.has(n.info)) walk(n.children);
    }
  };
  walk(roots);
  return out;
}
