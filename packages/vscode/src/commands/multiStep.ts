import * as vscode from 'vscode';

/** What one step of a multi-step input gives back. */
export const BACK = Symbol('back');
export type StepResult<T> = T | typeof BACK | undefined;

export interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

export interface InputStep extends StepPosition {
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  validate?: (value: string) => string | undefined;
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepPosition {
  placeholder: string;
  items: T[];
  active?: T | undefined;
}

/**
 * One input box of a multi-step input (as in VS Code's multi-step input sample): step counter,
 * a Back button from the second step on, validation while typing. Resolves with the value,
 * BACK, or undefined when the user dismisses it.
 */
export function inputStep(o: InputStep): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  Object.assign(box, {
    title: o.title,
    step: o.step,
    totalSteps: o.totalSteps,
    prompt: o.prompt,
    value: o.value ?? '',
    placeholder: o.placeholder,
    password: o.password ?? false,
    ignoreFocusOut: true,
    buttons: o.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  return new Promise((resolve) => {
    const done = (v: StepResult<string>): void => {
      subs.forEach((d) => d.dispose());
      box.dispose();
      resolve(v);
    };
    const subs = [
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK)),
      box.onDidChangeValue((v) => {
        box.validationMessage = o.validate?.(v);
      }),
      box.onDidAccept(() => {
        const problem = o.validate?.(box.value);
        box.validationMessage = problem;
        if (!problem) done(box.value);
      }),
      box.onDidHide(() => done(undefined)),
    ];
    box.show();
  });
}

/** One quick pick of a multi-step input; resolves with the item, BACK or undefined. */
export function pickStep<T extends vscode.QuickPickItem>(o: PickStep<T>): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<T>();
  Object.assign(pick, {
    title: o.title,
    step: o.step,
    totalSteps: o.totalSteps,
    placeholder: o.placeholder,
    items: o.items,
    ignoreFocusOut: true,
    buttons: o.step > 1 ? [vscode.QuickInputButtons.Back] : [],
  });
  if (o.active) pick.activeItems = [o.active];
  return new Promise((resolve) => {
    const done = (v: StepResult<T>): void => {
      subs.forEach((d) => d.dispose());
      pick.dispose();
      resolve(v);
    };
    const subs = [
      pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK)),
      // As in VS Code's sample, a click (selection) answers a single-choice step at once.
      pick.onDidChangeSelection((items) => items[0] && done(items[0])),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen) done(chosen);
      }),
      pick.onDidHide(() => done(undefined)),
    ];
    pick.show();
  });
}
