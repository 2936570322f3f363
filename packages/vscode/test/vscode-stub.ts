/**
 * A minimal stand-in for the `vscode` module: only the editor API the extension touches, with
 * scripted answers for the dialogs. The SCIM client and the sandbox in these tests are real.
 */
type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>): Disposable => {
    this.listeners.push(l);
    return new Disposable(() => (this.listeners = this.listeners.filter((x) => x !== l)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
}
export enum FileChangeType {
  Changed = 1,
  Created = 2,
  Deleted = 3,
}
export enum ExtensionMode {
  Production = 1,
  Development = 2,
  Test = 3,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  value = '';
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  contextValue?: string;
  iconPath?: ThemeIcon;
  tooltip?: string | MarkdownString;
  command?: { command: string; title: string; arguments?: unknown[] };
  accessibilityInformation?: { label: string };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
  ) {}
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?]*)(\/[^?]*)?(?:\?(.*))?$/i.exec(s);
    if (!m) throw new Error(`bad uri ${s}`);
    return new Uri(
      m[1] ?? '',
      m[2] ?? '',
      decodeURIComponent(m[3] ?? '/'),
      decodeURIComponent(m[4] ?? ''),
    );
  }
  with(change: { scheme?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, this.authority, this.path, this.query);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  static FileNotFound(u?: unknown): FileSystemError {
    return new FileSystemError(`not found: ${String(u)}`, 'FileNotFound');
  }
  static NoPermissions(u?: unknown): FileSystemError {
    return new FileSystemError(`no permissions: ${String(u)}`, 'NoPermissions');
  }
  static Unavailable(u?: unknown): FileSystemError {
    return new FileSystemError(String(u), 'Unavailable');
  }
}

// ---- scripted UI -------------------------------------------------------------------------

export interface Shown {
  kind: 'info' | 'warning' | 'error';
  message: string;
  options?: unknown;
  items: string[];
}

export interface FakeQuickPick {
  items: Array<{ label: string; id?: string; description?: string }>;
  selectedItems: Array<{ label: string; id?: string }>;
  value: string;
  title?: string | undefined;
  busy: boolean;
  fireValue(v: string): void;
  fireSelection(items: FakeQuickPick['items']): void;
  accept(): void;
}

export interface StepShown {
  kind: 'input' | 'pick';
  title?: string | undefined;
  step?: number | undefined;
  totalSteps?: number | undefined;
  prompt?: string | undefined;
  value?: string;
  password?: boolean;
  items?: string[];
  hasBack: boolean;
  /** The validation message left after the scripted answer (the step then stays open). */
  validation?: string | undefined;
}

/** A scripted answer that presses a multi-step input's Back button. */
export const BACK_ANSWER = '<back>';

export const QuickInputButtons = { Back: { tooltip: 'Back' } };

/** What the test scripts and what the extension showed. */
export const ui = {
  /** Answers for showInputBox / showQuickPick (labels) / show*Message (button), in order. */
  answers: [] as Array<string | undefined>,
  shown: [] as Shown[],
  inputs: [] as Array<{ prompt?: string; validation?: string | undefined; value?: string }>,
  quickPicks: [] as FakeQuickPick[],
  /** Each step of a multi-step input as shown (createInputBox, or createQuickPick with a step). */
  steps: [] as StepShown[],
  clipboard: '',
  executed: [] as Array<{ id: string; args: unknown[] }>,
  /** Progress shown, with what was reported. */
  progress: [] as Array<{
    title: string;
    reports: Array<{ message?: string; increment?: number }>;
  }>,
  /** Whether the user has pressed Cancel, given the reports made so far. */
  cancelWhen: (_reports: number): boolean => false,
  reset(): void {
    this.progress = [];
    this.cancelWhen = () => false;
    this.answers = [];
    this.shown = [];
    this.inputs = [];
    this.quickPicks = [];
    this.steps = [];
    this.clipboard = '';
    this.executed = [];
  },
};

function next(): string | undefined {
  if (ui.answers.length === 0)
    throw new Error('the extension asked a question the test did not script');
  return ui.answers.shift();
}

async function message(
  kind: Shown['kind'],
  msg: string,
  ...rest: unknown[]
): Promise<string | undefined> {
  const options = rest[0] && typeof rest[0] === 'object' ? rest[0] : undefined;
  const items = rest.filter((r): r is string => typeof r === 'string');
  ui.shown.push({ kind, message: msg, options, items });
  // Notifications are dismissed; a modal dialog takes the next scripted answer.
  if ((options as { modal?: boolean } | undefined)?.modal) return next();
  return undefined;
}

const registered = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    registered.set(id, fn);
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    ui.executed.push({ id, args });
    const fn = registered.get(id);
    return fn ? fn(...args) : undefined;
  },
};

export const window = {
  createOutputChannel(_name: string, _opts?: unknown) {
    const lines: string[] = [];
    return {
      lines,
      info: (s: string) => lines.push(`info ${s}`),
      error: (s: string) => lines.push(`error ${s}`),
      show: () => undefined,
      dispose: () => undefined,
    };
  },
  showInformationMessage: (m: string, ...r: unknown[]) => message('info', m, ...r),
  showWarningMessage: (m: string, ...r: unknown[]) => message('warning', m, ...r),
  showErrorMessage: (m: string, ...r: unknown[]) => message('error', m, ...r),
  async showInputBox(opts: {
    prompt?: string;
    value?: string;
    validateInput?: (v: string) => string | undefined | Promise<string | undefined>;
  }): Promise<string | undefined> {
    const answer = next();
    const validation =
      answer !== undefined && opts.validateInput ? await opts.validateInput(answer) : undefined;
    ui.inputs.push({
      ...(opts.prompt ? { prompt: opts.prompt } : {}),
      validation,
      ...(opts.value !== undefined ? { value: opts.value } : {}),
    });
    if (validation) throw new Error(`input "${answer}" was refused: ${validation}`);
    return answer;
  },
  async showQuickPick<T extends string | { label: string }>(
    items: T[] | Promise<T[]>,
  ): Promise<T | undefined> {
    const answer = next();
    if (answer === undefined) return undefined;
    const found = (await items).find((i) => (typeof i === 'string' ? i : i.label) === answer);
    if (!found) throw new Error(`quick pick has no item "${answer}"`);
    return found;
  },
  async withProgress<T>(
    o: { title?: string },
    task: (
      p: { report(r: { message?: string; increment?: number }): void },
      token: { readonly isCancellationRequested: boolean },
    ) => Promise<T>,
  ): Promise<T> {
    const reports: Array<{ message?: string; increment?: number }> = [];
    ui.progress.push({ title: o.title ?? '', reports });
    const token = {
      get isCancellationRequested(): boolean {
        return ui.cancelWhen(reports.length);
      },
    };
    return task({ report: (r) => reports.push(r) }, token);
  },
  createInputBox() {
    const value = new EventEmitter<string>();
    const accept = new EventEmitter<void>();
    const hide = new EventEmitter<void>();
    const button = new EventEmitter<unknown>();
    const box = {
      title: undefined as string | undefined,
      step: undefined as number | undefined,
      totalSteps: undefined as number | undefined,
      prompt: undefined as string | undefined,
      value: '',
      password: false,
      validationMessage: undefined as string | undefined,
      buttons: [] as unknown[],
      onDidChangeValue: value.event,
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: button.event,
      // A multi-step input shows one step at a time: the scripted answer is taken when shown.
      show: () =>
        queueMicrotask(() => {
          const shown: StepShown = {
            kind: 'input',
            title: box.title,
            step: box.step,
            totalSteps: box.totalSteps,
            prompt: box.prompt,
            value: box.value,
            password: box.password,
            hasBack: box.buttons.includes(QuickInputButtons.Back),
          };
          ui.steps.push(shown);
          const answer = next();
          if (answer === undefined) return hide.fire();
          if (answer === BACK_ANSWER) return button.fire(QuickInputButtons.Back);
          box.value = answer;
          value.fire(answer);
          accept.fire();
          // A refused value keeps the box open; the test sees why, and the input is dismissed.
          shown.validation = box.validationMessage;
          if (box.validationMessage) hide.fire();
        }),
      hide: () => hide.fire(),
      dispose: () => undefined,
    };
    return box;
  },
  createQuickPick(): FakeQuickPick & Record<string, unknown> {
    const value = new EventEmitter<string>();
    const selection = new EventEmitter<FakeQuickPick['items']>();
    const accept = new EventEmitter<void>();
    const hide = new EventEmitter<void>();
    const button = new EventEmitter<unknown>();
    const qp = {
      items: [] as FakeQuickPick['items'],
      selectedItems: [] as FakeQuickPick['items'],
      activeItems: [] as FakeQuickPick['items'],
      value: '',
      busy: false,
      title: undefined as string | undefined,
      step: undefined as number | undefined,
      totalSteps: undefined as number | undefined,
      buttons: [] as unknown[],
      onDidChangeValue: value.event,
      onDidChangeSelection: selection.event,
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: button.event,
      // Only a step of a multi-step input answers from the script; other pickers are driven.
      show: () => {
        if (qp.step === undefined) return;
        queueMicrotask(() => {
          ui.steps.push({
            kind: 'pick',
            title: qp.title,
            step: qp.step,
            totalSteps: qp.totalSteps,
            items: qp.items.map((i) => i.label),
            hasBack: qp.buttons.includes(QuickInputButtons.Back),
          });
          const answer = next();
          if (answer === undefined) return hide.fire();
          if (answer === BACK_ANSWER) return button.fire(QuickInputButtons.Back);
          const item = qp.items.find((i) => i.label === answer);
          if (!item) throw new Error(`quick pick has no item "${answer}"`);
          qp.selectedItems = [item];
          accept.fire();
        });
      },
      hide: () => hide.fire(),
      dispose: () => undefined,
      fireValue(v: string) {
        qp.value = v;
        value.fire(v);
      },
      fireSelection(items: FakeQuickPick['items']) {
        qp.selectedItems = items;
        selection.fire(items);
      },
      accept: () => accept.fire(),
    };
    ui.quickPicks.push(qp);
    return qp;
  },
};

export class DataTransferItem {
  constructor(readonly value: unknown) {}
  async asString(): Promise<string> {
    return typeof this.value === 'string' ? this.value : JSON.stringify(this.value);
  }
}

export class DataTransfer {
  private readonly items = new Map<string, DataTransferItem>();
  get(mime: string): DataTransferItem | undefined {
    return this.items.get(mime.toLowerCase());
  }
  set(mime: string, item: DataTransferItem): void {
    this.items.set(mime.toLowerCase(), item);
  }
}

type L10nArg = string | number | boolean;

/** vscode.l10n.t as the editor runs it with no translation: the English with `{0}`/`{name}` filled. */
export const l10n = {
  t(
    message: string | { message: string; args?: L10nArg[] | Record<string, unknown> },
    ...rest: unknown[]
  ): string {
    const text = typeof message === 'string' ? message : message.message;
    const first = typeof message === 'string' ? rest[0] : message.args;
    const args: unknown[] | Record<string, unknown> =
      first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : rest;
    return text.replace(/\{([^{}]+)\}/g, (whole, key: string) => {
      const value = Array.isArray(args) ? args[Number(key)] : args[key];
      return value === undefined ? whole : String(value);
    });
  },
};

export const env = {
  clipboard: {
    async writeText(s: string) {
      ui.clipboard = s;
    },
  },
};

export const workspace = {
  getConfiguration: () => ({ get: () => undefined }),
};

// ---- in-memory state for TeamStore ---------------------------------------------------------

export class MemoryMemento {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, value);
  }
  dump(): string {
    return JSON.stringify([...this.data.entries()]);
  }
}

export class MemorySecrets {
  readonly data = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.data.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.data.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}
