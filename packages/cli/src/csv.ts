/** RFC 4180 CSV text: fields quoted when they hold a quote, comma or line break; CRLF lines. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const field = (v: string) => (/[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => `${r.map(field).join(',')}\r\n`).join('');
}
