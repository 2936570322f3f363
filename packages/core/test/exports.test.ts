import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The public API of the built package, name by name: adding an export (or losing one) fails here
// until this list says so, so that what users may depend on is a decision. Internals stay out;
// tests import them from their modules. npm test runs after the build.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Values, classes and functions of the main entry `@celonis-scim/core`. */
const MAIN_VALUES = [
  'ACTION_KINDS',
  'CELONIS_SCIM_SCOPE',
  'CHANGE_EVENT_ORDER',
  'DEFAULT_GROUP_ATTRIBUTES',
  'DEFAULT_USER_ATTRIBUTES',
  'FIRST_PAGE',
  'FilterSyntaxError',
  'MATCH_KEYS',
  'SCHEMAS_ATTRIBUTE',
  'SCHEMA_BULK_REQUEST',
  'SCHEMA_BULK_RESPONSE',
  'SCHEMA_ENTERPRISE_USER',
  'SCHEMA_ERROR',
  'SCHEMA_GROUP',
  'SCHEMA_LIST_RESPONSE',
  'SCHEMA_PATCH_OP',
  'SCHEMA_USER',
  'SERVER_ASSIGNED_ATTRIBUTES',
  'SNAPSHOT_VERSION',
  'ScimError',
  'SnapshotFormatError',
  'SyncError',
  'TYPE_READ_ONLY_ATTRIBUTES',
  'TeamUrlError',
  'TokenCache',
  'TransportError',
  'applyPlan',
  'baseUrlProblem',
  'brokenText',
  'bulkItemError',
  'bulkStatus',
  'capabilitiesFrom',
  'celonisUrls',
  'chunkOperations',
  'coerce',
  'compileMapping',
  'createScimClient',
  'diffSnapshots',
  'diffToPatch',
  'evaluateFilter',
  'filter',
  'filterText',
  'formatAttributePath',
  'formatFilter',
  'formatValue',
  'hasControlCharacter',
  'idProblem',
  'isReadOnlyAttribute',
  'isScimError',
  'mapBounded',
  'nextPage',
  'parseAttributePath',
  'parseFilter',
  'parsePatchPath',
  'parsePlan',
  'parseSnapshot',
  'patchOps',
  'patchRequest',
  'planChecksum',
  'planSync',
  'quoteFilterValue',
  'readDesiredJson',
  'readOnlyAttributes',
  'requestClientCredentialsToken',
  'sameAttributePath',
  'serializePlan',
  'serializeSnapshot',
  'shownUrl',
  'snapshot',
  'snapshotSize',
  'summarizePlan',
  'unsyncedAttributes',
  'userFromRecord',
  'validateFilter',
  'validatePatchPath',
];
/** What `@celonis-scim/core/node` adds: the undici transport, a timer `sleep`, the Node readers. */
const NODE_VALUES = ['createUndiciTransport', 'defaultSleep', 'readDesired', 'readDesiredCsv'];
/** The filter builder, one namespace: `filter.eq('userName', x)`. */
const FILTER_BUILDER = [
  'and',
  'co',
  'eq',
  'ew',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
  'not',
  'or',
  'pr',
  'sw',
  'valuePath',
];
/** Types (interfaces and aliases) of the main entry's declarations. */
const MAIN_TYPES = [
  'ActionResult',
  'ActionStatus',
  'AndNode',
  'ApplyOptions',
  'ApplyProgress',
  'ApplyReport',
  'AttributeChange',
  'AttributeMapping',
  'AttributePath',
  'AuthConfig',
  'AuthProvider',
  'BaseUrlProblem',
  'BulkOperation',
  'BulkOperationResult',
  'BulkOptions',
  'BulkResponse',
  'CachedToken',
  'CelonisUrls',
  'ChangeEvent',
  'ChangeEventType',
  'CompareNode',
  'CompareOp',
  'CompiledColumn',
  'CompiledMapping',
  'CreateAction',
  'CreateGroupAction',
  'DeleteAction',
  'DesiredGroup',
  'DesiredState',
  'DesiredUser',
  'DiffOptions',
  'EnterpriseUser',
  'EvaluateOptions',
  'FilterInput',
  'FilterNode',
  'FilterValidation',
  'FilterValue',
  'GetOptions',
  'GroupChangeEvent',
  'GroupMember',
  'GroupRule',
  'GroupsClient',
  'IssuedToken',
  'JsonReadOptions',
  'ListOptions',
  'ListPageOptions',
  'ListResponse',
  'Logger',
  'MappingTarget',
  'MatchKey',
  'MemberAction',
  'MemberBatchOptions',
  'MemberChangeEvent',
  'MemberChangeResult',
  'MemberRef',
  'MissingPolicy',
  'MultiValued',
  'NotNode',
  'OAuth2ClientCredentials',
  'OrNode',
  'PageFetcher',
  'PageState',
  'PageStep',
  'PatchOperation',
  'PatchPath',
  'PatchRequest',
  'Placement',
  'PlanIssue',
  'Planned',
  'PresentNode',
  'ProvisionOptions',
  'ProvisionProgress',
  'ProvisionResult',
  'RequestLogEntry',
  'ResourceClient',
  'ResourceType',
  'ResourceTypeName',
  'RetryOptions',
  'ScimClient',
  'ScimClientOptions',
  'ScimErrorInit',
  'ScimErrorKind',
  'ScimGroup',
  'ScimMeta',
  'ScimName',
  'ScimResource',
  'ScimSchema',
  'ScimSchemaAttribute',
  'ScimUser',
  'ServerCapabilities',
  'ServiceProviderConfig',
  'Snapshot',
  'SnapshotGroup',
  'SnapshotOptions',
  'SourceRef',
  'Supported',
  'SyncAction',
  'SyncActionKind',
  'SyncErrorCode',
  'SyncErrorInit',
  'SyncLimits',
  'SyncOptions',
  'SyncPlan',
  'SyncScope',
  'SyntaxSubject',
  'TeamUrlProblem',
  'TokenSlot',
  'Transport',
  'TransportRequest',
  'TransportResponse',
  'UpdateAction',
  'UserChangeEvent',
  'UserDeletedEvent',
  'UsersClient',
  'ValuePathNode',
  'ValueProblem',
  'ValueType',
  'WriteOptions',
];
const NODE_TYPES = [
  'CsvReadOptions',
  'NodeScimClientOptions',
  'ProxySettings',
  'ReadOptions',
  'TextInput',
  'UndiciTransport',
  'UndiciTransportOptions',
];

async function runtimeExports(entry: 'index' | 'node'): Promise<{ esm: string[]; cjs: string[] }> {
  const esm = (await import(
    pathToFileURL(join(root, 'dist', 'esm', `${entry}.js`)).href
  )) as object;
  const cjs = createRequire(import.meta.url)(join(root, 'dist', 'cjs', `${entry}.cjs`)) as object;
  return { esm: Object.keys(esm).sort(), cjs: Object.keys(cjs).sort() };
}

/** Every name a declaration file exports that is not a runtime value: the types. */
let program: ts.Program | undefined;
function typeExports(entry: 'index' | 'node', values: readonly string[]): string[] {
  const file = (name: string) => join(root, 'dist', 'types', `${name}.d.ts`);
  // One program for both entries: type-checking the declarations is the slow part.
  program ??= ts.createProgram([file('index'), file('node')], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file(entry));
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file(entry)}: no module (run npm run build)`);
  return checker
    .getExportsOfModule(module)
    .map((s) => s.name)
    .filter((name) => !values.includes(name))
    .sort();
}

const sorted = (names: readonly string[]) => [...names].sort();

describe('public API of the built package', () => {
  it('exports exactly the listed values from the main entry, ESM and CommonJS', async () => {
    const { esm, cjs } = await runtimeExports('index');
    expect(esm).toEqual(sorted(MAIN_VALUES));
    expect(cjs).toEqual(sorted(MAIN_VALUES));
  });

  it('exports the main entry and the Node additions from ./node, ESM and CommonJS', async () => {
    const { esm, cjs } = await runtimeExports('node');
    expect(esm).toEqual(sorted([...MAIN_VALUES, ...NODE_VALUES]));
    expect(cjs).toEqual(sorted([...MAIN_VALUES, ...NODE_VALUES]));
  });

  it('offers the filter builder as one namespace', async () => {
    const main = (await import(pathToFileURL(join(root, 'dist', 'esm', 'index.js')).href)) as {
      filter: object;
    };
    expect(Object.keys(main.filter).sort()).toEqual(sorted(FILTER_BUILDER));
  });

  // Type-checking the declarations takes a while on a busy machine.
  it('declares exactly the listed types', { timeout: 120_000 }, () => {
    expect(typeExports('index', MAIN_VALUES)).toEqual(sorted(MAIN_TYPES));
    expect(typeExports('node', [...MAIN_VALUES, ...NODE_VALUES])).toEqual(
      sorted([...MAIN_TYPES, ...NODE_TYPES]),
    );
  });
});
