import { brokenText } from '../body-check.js';
import { ScimError } from '../errors.js';
import { checkPatchOperation } from '../patch/index.js';
import type { PatchOperation } from '../types/index.js';

/** Validates each operation (op name, value, and the path's grammar and filters) before sending. */
export function checkOperations(operations: PatchOperation[], path: string): PatchOperation[] {
  const bad = (detail: string) =>
    new ScimError({
      kind: 'invalid',
      method: 'PATCH',
      path,
      detail,
      hint: 'Each operation is { op: "add" | "remove" | "replace", path?, value? }; remove needs a path, and a path must be an attribute path such as emails[type eq "work"].value.',
    });
  if (!Array.isArray(operations) || operations.length === 0) throw bad('no operations given');
  const checked = operations.map((op, i) => {
    try {
      return checkPatchOperation(op, i);
    } catch (e) {
      throw bad(e instanceof Error ? e.message : String(e));
    }
  });
  const broken = brokenText(checked, 'the operations');
  if (broken) throw new ScimError({ kind: 'invalid', method: 'PATCH', path, ...broken });
  return checked;
}
