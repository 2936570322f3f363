/**
 * What a client learned about its server and worked around (a refused `attributes=` list, a
 * member filter that fails): said once per client, so a person sees why a read took another
 * path instead of only the server's words, and later reads do not ask again.
 */
export class Notes {
  private readonly said = new Map<string, string>();

  constructor(private readonly onNote?: ((note: string) => void) | undefined) {}

  /** Records the note under `key` unless one is already there; reports it to `onNote` once. */
  add(key: string, note: string): void {
    if (this.said.has(key)) return;
    this.said.set(key, note);
    this.onNote?.(note);
  }

  has(key: string): boolean {
    return this.said.has(key);
  }

  /** Every note so far, oldest first. */
  list(): string[] {
    return [...this.said.values()];
  }
}
