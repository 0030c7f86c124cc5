/**
 * The readers the fuzzer drives, by name: which sniffed kinds seed each one, the shape of its input
 * (so the mutator can add CSV/XML/JSON-aware changes) and the extension its temporary input gets.
 * Kept free of engine imports so the command line can list targets without loading the readers.
 */
import type { Flavor } from './mutate';

export interface TargetSpec {
  name: string;
  description: string;
  flavor: Flavor;
  /** Sniffed kinds (shared/model/trace.ts InputKind) whose files seed this target. */
  seedKinds: readonly string[];
  /** Extension given to the temporary input (content decides the kind; the extension only names it). */
  ext: string;
  /** Owner still finishing the reader: its findings are recorded, not fixed here. */
  inProgress?: boolean;
}

export const TARGETS: readonly TargetSpec[] = [
  {
    name: 'procmon-csv',
    description: 'ProcMon CSV export via ingestTrace',
    flavor: 'csv',
    seedKinds: ['procmon-csv', 'procmon-csv-excel', 'procmon-stack-csv'],
    ext: '.CSV',
    inProgress: true,
  },
  {
    name: 'procmon-xml',
    description: 'ProcMon XML export via ingestTrace',
    flavor: 'xml',
    seedKinds: ['procmon-xml'],
    ext: '.XML',
  },
  {
    name: 'pml',
    description: 'ProcMon native PML via ingestTrace (readPml)',
    flavor: 'binary',
    seedKinds: ['procmon-pml'],
    ext: '.PML',
    inProgress: true,
  },
  {
    name: 'servicing-text',
    description: 'CBS / DISM / Panther / WindowsUpdate / generic text logs via ingestLog',
    flavor: 'text',
    seedKinds: ['cbs-log', 'dism-log', 'panther-log', 'windowsupdate-log', 'text-log'],
    ext: '.log',
  },
  {
    name: 'setupdiag',
    description: 'SetupDiag results (text and XML) via ingestLog',
    flavor: 'text',
    seedKinds: ['setupdiag'],
    ext: '.log',
  },
  {
    name: 'evtx',
    description: 'Windows event log (.evtx) via ingestLog',
    flavor: 'binary',
    seedKinds: ['evtx'],
    ext: '.evtx',
  },
  {
    name: 'eventviewer',
    description: 'Event Viewer XML / CSV / TXT exports via ingestLog',
    flavor: 'xml',
    seedKinds: ['eventviewer-xml', 'eventviewer-csv', 'eventviewer-txt'],
    ext: '.xml',
  },
  {
    name: 'tool-output',
    description: 'fltmc and icacls output via ingestLog',
    flavor: 'text',
    seedKinds: ['fltmc', 'icacls'],
    ext: '.txt',
  },
  {
    name: 'acl',
    description: 'icacls / Get-Acl / SDDL text via readAclFile',
    flavor: 'text',
    seedKinds: ['icacls'],
    ext: '.txt',
  },
  {
    name: 'fltmc',
    description: 'fltmc / fltmc instances text via readFltmcFile',
    flavor: 'text',
    seedKinds: ['fltmc'],
    ext: '.txt',
  },
  {
    name: 'zip',
    description: 'zip bundles via expandZip, each entry sniffed',
    flavor: 'zip',
    seedKinds: ['zip'],
    ext: '.zip',
  },
  {
    name: 'case',
    description: 'case files (.tdcase) via loadCase',
    flavor: 'json',
    seedKinds: [],
    ext: '.tdcase',
  },
  {
    name: 'report',
    description: 'case file -> report model -> HTML (produceReport)',
    flavor: 'json',
    seedKinds: [],
    ext: '.tdcase',
  },
];

export function targetNamed(name: string): TargetSpec {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown fuzz target '${name}' (have: ${TARGETS.map((x) => x.name).join(', ')})`);
  return t;
}
