import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentType, JsonSchema } from './generate.js';

const FILES: Record<DocumentType, string> = {
  User: 'scim-user.schema.json',
  Group: 'scim-group.schema.json',
};

/** The static schemas shipped in the extension's `schemas/` folder, read once each. */
export function staticSchemas(dir: string): (type: DocumentType) => JsonSchema {
  const read = new Map<DocumentType, JsonSchema>();
  return (type) => {
    let schema = read.get(type);
    if (!schema) {
      schema = JSON.parse(readFileSync(join(dir, FILES[type]), 'utf8')) as JsonSchema;
      read.set(type, schema);
    }
    return schema;
  };
}
