import { parseSnapshot, type Snapshot } from '@celonis-scim/core';
import type { IDataObject } from 'n8n-workflow';

const KEY = 'snapshot';
/** Where versions before the core snapshot kept their own fingerprints. */
const LEGACY_KEY = 'fingerprints';

/**
 * The snapshot of the previous poll, or undefined when there is none to compare with: the first
 * poll, a state written by an older version of this node, or damaged data. The caller then
 * takes a new baseline and emits nothing, rather than reporting every resource as new.
 */
export function storedSnapshot(staticData: IDataObject): Snapshot | undefined {
  if (staticData[KEY] === undefined) return undefined;
  try {
    return parseSnapshot(staticData[KEY]);
  } catch {
    // parseSnapshot throws only SnapshotFormatError: nothing usable is stored.
    return undefined;
  }
}

/** n8n persists workflow static data as JSON after a successful poll; a failed poll keeps the old. */
export function storeSnapshot(staticData: IDataObject, snapshot: Snapshot): void {
  staticData[KEY] = snapshot as unknown as IDataObject;
  delete staticData[LEGACY_KEY];
}
