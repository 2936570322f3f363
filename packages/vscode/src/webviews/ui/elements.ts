// The VS Code Elements web components the views use (theme-aware, keyboard accessible).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';

/** The value of a vscode-textfield / vscode-single-select, or a checkbox's checked state. */
export const valueOf = (el: Element): string => (el as HTMLInputElement).value ?? '';
export const checkedOf = (el: Element): boolean => (el as HTMLInputElement).checked === true;
