import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** From `--no-color`; colours also need a TTY on stdout and NO_COLOR unset. */
  color: boolean;
}

/** Colours only for a person at a terminal: never in a pipe, a file or with NO_COLOR set. */
export function colorsEnabled(stream: NodeJS.WriteStream, wanted: boolean): boolean {
  return wanted && stream.isTTY === true && !process.env.NO_COLOR;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

/** A plain aligned table; the last column is not padded, so lines carry no trailing blanks. */
export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  c: Colors,
): string {
  const cells = rows.map((r) => columns.map((col) => oneLine(col.value(r))));
  const widths = columns.map((col, i) =>
    Math.max(col.header.length, ...cells.map((row) => row[i]!.length)),
  );
  const line = (values: string[], style: (s: string) => string = (s) => s) =>
    values
      .map((v, i) => (i === values.length - 1 ? style(v) : style(v.padEnd(widths[i]!))))
      .join('  ')
      .trimEnd();
  return [
    line(
      columns.map((col) => col.header.toUpperCase()),
      c.bold,
    ),
    ...cells.map((r) => line(r)),
  ]
    .map((l) => `${l}\n`)
    .join('');
}

/** "key  value" lines, keys aligned; empty values are left out. */
export function formatDetails(
  pairs: ReadonlyArray<[string, string | undefined]>,
  c: Colors,
): string {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${c.dim(k.padEnd(width))}  ${oneLine(v)}\n`).join('');
}

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');

/** "1 group", "2 groups", "0 groups"; `many` for the nouns that do not just add an s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Where a command writes: data on stdout, progress and notes on stderr. */
export class Output {
  readonly c: Colors;
  readonly errColors: Colors;
  constructor(readonly options: OutputOptions) {
    this.c = pc.createColors(colorsEnabled(process.stdout, options.color));
    this.errColors = pc.createColors(colorsEnabled(process.stderr, options.color));
  }

  get json(): boolean {
    return this.options.json;
  }

  write(text: string): void {
    process.stdout.write(text);
  }

  printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A note for the person (what was done), on stderr so that stdout stays data. */
  note(text: string): void {
    if (!this.options.quiet) process.stderr.write(`${text}\n`);
  }

  success(text: string): void {
    this.note(`${this.errColors.green('✓')} ${text}`);
  }

  warn(text: string): void {
    process.stderr.write(`${this.errColors.yellow('warning:')} ${text}\n`);
  }

  progress(label: string): Progress {
    return new Progress(label, this.options.quiet);
  }
}

/**
 * Progress of long work on stderr. Work that ends within a moment shows nothing. At a terminal
 * one line is redrawn in place; elsewhere (a CI log) a line is written every few seconds, and
 * a last one at the end.
 */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;
  private readonly tty = process.stderr.isTTY === true;
  private readonly every = this.tty ? 250 : 2000;
  constructor(
    private readonly label: string,
    private readonly quiet: boolean,
  ) {}

  update(done: number, total?: number): void {
    const now = Date.now();
    if (this.quiet || now - this.started < this.every || now - this.last < this.every) return;
    this.last = now;
    this.draw(done, total);
  }

  done(done: number, total?: number): void {
    if (this.quiet || !this.drawn) return;
    this.draw(done, total);
    if (this.tty) process.stderr.write('\n');
  }

  private draw(done: number, total?: number): void {
    const text = `${this.label}: ${done}${total !== undefined ? `/${total}` : ''}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${text}`);
    else process.stderr.write(`${text}\n`);
    this.drawn = true;
  }
}
