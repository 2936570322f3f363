export type SyncErrorCode =
  | 'input'
  | 'mapping'
  | 'options'
  | 'emptySource'
  | 'planFormat'
  | 'checksum'
  | 'wrongTeam'
  | 'planErrors'
  | 'unsafe'
  | 'stale';

export interface SyncErrorInit {
  code: SyncErrorCode;
  message: string;
  file?: string | undefined;
  /** 1-based data row. */
  row?: number | undefined;
  column?: string | undefined;
  cause?: unknown;
}

/**
 * Everything the sync engine refuses before it writes: bad input, bad options, an unsafe or
 * foreign plan. Server failures stay ScimErrors, reported per action by applyPlan.
 */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly code: SyncErrorCode;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  /** The message without the file, row and column in front, for callers that name them their own way. */
  readonly detail: string;

  constructor(init: SyncErrorInit) {
    super(
      `${where(init)}${init.message}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.file = init.file;
    this.row = init.row;
    this.column = init.column;
    this.detail = init.message;
  }
}

function where(init: SyncErrorInit): string {
  const parts: string[] = [];
  if (init.file) parts.push(init.file);
  if (init.row !== undefined) parts.push(`row ${init.row}`);
  if (init.column !== undefined) parts.push(`column ${JSON.stringify(init.column)}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
