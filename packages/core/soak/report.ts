import { discrepancyCount } from './verify.js';
import type { SoakReport } from './run.js';

/** The figures of a soak as an aligned two-column table, plus the first few discrepancies. */
export function formatReport(r: SoakReport): string {
  const rows: Array<[string, string | number]> = [
    [
      'users / groups / offboarded',
      `${r.options.users} / ${r.options.groups} / ${r.options.offboard}`,
    ],
    ['client HTTP attempts', r.attempts],
    ['client retries (attempt > 1)', r.retries],
    [
      'attempts by status',
      Object.entries(r.byStatus)
        .map(([k, v]) => `${k}:${v}`)
        .join(' '),
    ],
    ['soak-level repeats', r.callerRetries],
    ['sandbox requests', r.sandboxRequests],
    ...Object.entries(r.faultsInjected).map(([k, v]): [string, number] => [
      `faults injected: ${k}`,
      v,
    ]),
  ];
  for (const p of r.phases) {
    rows.push([`${p.name}: elapsed`, `${(p.ms / 1000).toFixed(1)} s`]);
    for (const [k, list] of Object.entries(p.discrepancies))
      rows.push([`${p.name}: ${k}`, list.length]);
  }
  rows.push(['total elapsed', `${(r.ms / 1000).toFixed(1)} s`]);
  rows.push(['discrepancies', r.discrepancies]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const p of r.phases) {
    if (discrepancyCount(p.discrepancies) === 0) continue;
    for (const [k, list] of Object.entries(p.discrepancies))
      if (list.length) lines.push(`${p.name} ${k}: ${list.slice(0, 10).join(', ')}`);
  }
  return lines.join('\n');
}
