import { badRequest, HttpError, notFound } from './errors.js';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { intParam, type Reply } from './http.js';
import { GROUP_SCHEMA, USER_SCHEMA } from './filter.js';
import { attrList, project } from './resources.js';
import { etagOf, LIST_SCHEMA, type ListQuery, type Service } from './service.js';
import type { Row } from './store.js';
import type { JsonObject, ResourceType, TeamConfig } from './types.js';

export const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** A SCIM request already authenticated and with its body parsed. */
export interface ScimRequest {
  team: TeamConfig;
  base: string;
  method: string;
  path: string[];
  query: URLSearchParams;
  body: unknown;
  ifMatch: string | undefined;
  /** `Prefer: return=minimal` (RFC 7240): a successful write answers 204 without a body. */
  minimal?: boolean | undefined;
}

/** The resource type served at a first path segment, as the team's /ResourceTypes say. */
function resourceAt(team: TeamConfig, segment: string): ResourceType | undefined {
  if (segment === team.usersEndpoint.slice(1).toLowerCase()) return 'User';
  return segment === 'groups' ? 'Group' : undefined;
}

interface View {
  attributes?: string[] | undefined;
  excluded?: string[] | undefined;
}

function resourceReply(svc: Service, r: ScimRequest, row: Row, status: number, view: View): Reply {
  if (r.method !== 'GET' && r.team.writeViewStored && (view.attributes || view.excluded)) {
    // The quirk (TeamOptions.writeViewStored): what the response would show is what is kept.
    const shown = project(
      svc.render(r.team, r.base, row),
      row.type,
      view.attributes,
      view.excluded,
    );
    row = svc.replace(r.team, row.type, row.id, shown);
  }
  if (r.minimal && r.method !== 'GET') {
    const headers: Record<string, string> = {};
    if (r.team.etag) headers.ETag = etagOf(row);
    if (status === 201) {
      const doc = svc.render(r.team, r.base, row);
      headers.Location = String((doc.meta as JsonObject | undefined)?.location ?? '');
    }
    return { status: status === 201 ? 201 : 204, headers };
  }
  const doc = shown(r.team, svc.render(r.team, r.base, row), row.type, view);
  const headers: Record<string, string> = {};
  if (r.team.etag) headers.ETag = etagOf(row);
  if (status === 201)
    headers.Location = String((doc.meta as JsonObject | undefined)?.location ?? '');
  return { status, body: doc, headers };
}

function checkFilterSupported(r: ScimRequest, q: ListQuery): void {
  // An empty `filter=` means no filter, as on teams that filter.
  if (!r.team.filter && q.filter !== undefined && q.filter !== '')
    throw new HttpError(
      501,
      undefined,
      `Filtering is not supported by team ${r.team.name} (ServiceProviderConfig filter.supported is false): list without a filter and select the resources yourself, or get one by id.`,
    );
}

function listReply(
  svc: Service,
  r: ScimRequest,
  types: ResourceType[],
  q: ListQuery,
  view: View,
): Reply {
  checkFilterSupported(r, q);
  if (q.cursor !== undefined) {
    const [type, ...more] = types;
    if (!type || more.length > 0)
      throw badRequest(
        'invalidValue',
        'Cursor pagination lists one resource type: use /Users or /Groups (or their /.search), not the root /.search.',
      );
    return cursorReply(svc, r, type, { ...q, cursor: q.cursor }, view);
  }
  const resources: JsonObject[] = [];
  let total = 0;
  let startIndex = 1;
  // Root-level search spans users then groups; offsets carry over from one type to the next.
  let skip = Math.max(1, q.startIndex ?? 1) - 1;
  let left = Math.min(r.team.maxResults, Math.max(0, q.count ?? r.team.maxResults));
  for (const type of types) {
    const res = svc.list(r.team, type, { ...q, startIndex: skip + 1, count: left });
    total += res.total;
    startIndex = Math.max(1, q.startIndex ?? 1);
    for (const doc of svc.renderMany(r.team, r.base, res.rows)) {
      resources.push(shown(r.team, doc, type, view));
    }
    skip = Math.max(0, skip - res.total);
    left -= res.rows.length;
  }
  return {
    status: 200,
    body: {
      schemas: [LIST_SCHEMA],
      totalResults: total,
      startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    },
  };
}

/**
 * A cursor page (RFC 9865): `nextCursor` while more follow, none on the last page, and no
 * startIndex. Cursor pages follow creation order, so sortBy is refused rather than ignored.
 */
function cursorReply(
  svc: Service,
  r: ScimRequest,
  type: ResourceType,
  q: ListQuery & { cursor: string },
  view: View,
): Reply {
  if (!r.team.cursor)
    throw badRequest(
      'invalidValue',
      `Cursor pagination is off for team ${r.team.name} (ServiceProviderConfig pagination.cursor is false): page with startIndex and count.`,
    );
  if (q.startIndex !== undefined)
    throw badRequest('invalidValue', 'Send either cursor or startIndex, not both.');
  if (q.sortBy !== undefined)
    throw badRequest(
      'invalidValue',
      'sortBy cannot be combined with cursor here (cursor pages follow creation order): drop sortBy, or page with startIndex.',
    );
  const count = Math.min(r.team.maxResults, Math.max(0, q.count ?? r.team.maxResults));
  const { after } = svc.cursors.read(q.cursor, type, q.filter, r.team.cursorTimeoutSeconds);
  const res = svc.listAfter(r.team, type, q.filter, after, count);
  const resources = svc
    .renderMany(r.team, r.base, res.rows)
    .map((doc) => shown(r.team, doc, type, view));
  return {
    status: 200,
    body: {
      schemas: [LIST_SCHEMA],
      totalResults: res.total,
      itemsPerPage: resources.length,
      Resources: resources,
      ...(res.next === undefined
        ? {}
        : { nextCursor: svc.cursors.issue(type, q.filter, res.next) }),
    },
  };
}

const CORE_SCHEMAS = [USER_SCHEMA, GROUP_SCHEMA].map((s) => s.toLowerCase());

function checkedView(r: ScimRequest, view: View): View {
  const named = [...(view.attributes ?? []), ...(view.excluded ?? [])];
  const sub = r.team.metaSubAttributes ? undefined : named.find((a) => /^meta\./i.test(a));
  if (sub)
    throw badRequest('invalidValue', `"${sub}": name meta whole, not a sub-attribute of it.`);
  // TeamOptions.extensionAttributesParam false: the words are those of the server acted out.
  const extension = r.team.extensionAttributesParam
    ? undefined
    : named.find(
        (a) => /^urn:/i.test(a) && !CORE_SCHEMAS.some((c) => a.toLowerCase().startsWith(c)),
      );
  if (extension)
    throw badRequest('invalidValue', "Cannot read properties of undefined (reading 'includes')");
  return view;
}

/**
 * A resource as a response shows it. TeamOptions.emptyComplexUnderAttributes: a complex
 * attribute asked for whole (`attributes=name`) comes back as an empty object.
 */
function shown(team: TeamConfig, doc: JsonObject, type: ResourceType, view: View): JsonObject {
  const out = project(doc, type, view.attributes, view.excluded);
  if (!team.emptyComplexUnderAttributes || !view.attributes) return out;
  for (const a of view.attributes) {
    if (a.includes('.') || /^urn:/i.test(a)) continue;
    const k = Object.keys(out).find((x) => x.toLowerCase() === a.toLowerCase());
    const v = k === undefined ? undefined : out[k];
    if (k !== undefined && typeof v === 'object' && v !== null && !Array.isArray(v)) out[k] = {};
  }
  return out;
}

function queryFrom(r: ScimRequest, fromBody: boolean): { q: ListQuery; view: View } {
  const out = viewAndQuery(r, fromBody);
  return { q: out.q, view: checkedView(r, out.view) };
}

function viewAndQuery(r: ScimRequest, fromBody: boolean): { q: ListQuery; view: View } {
  if (fromBody) {
    const b = r.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b)) {
      throw badRequest(
        'invalidSyntax',
        `.search needs a JSON object body with schemas ["${SEARCH_SCHEMA}"].`,
      );
    }
    const o = b as Record<string, unknown>;
    for (const k of ['filter', 'sortBy', 'sortOrder', 'cursor'] as const) {
      if (o[k] !== undefined && typeof o[k] !== 'string')
        throw badRequest('invalidValue', `"${k}" must be a string.`);
    }
    return {
      q: {
        filter: o.filter as string | undefined,
        sortBy: o.sortBy as string | undefined,
        sortOrder: o.sortOrder as string | undefined,
        startIndex: intParam(o, 'startIndex'),
        count: intParam(o, 'count'),
        cursor: o.cursor as string | undefined,
      },
      view: { attributes: attrList(o.attributes), excluded: attrList(o.excludedAttributes) },
    };
  }
  const p = r.query;
  return {
    q: {
      filter: p.get('filter') ?? undefined,
      sortBy: p.get('sortBy') ?? undefined,
      sortOrder: p.get('sortOrder') ?? undefined,
      startIndex: intParam(p, 'startIndex'),
      count: intParam(p, 'count'),
      cursor: p.get('cursor') ?? undefined,
    },
    view: {
      attributes: attrList(p.get('attributes') ?? undefined),
      excluded: attrList(p.get('excludedAttributes') ?? undefined),
    },
  };
}

/** The answer to a path no endpoint serves. */
const noEndpoint = (r: ScimRequest) =>
  notFound(`No endpoint /${r.path.join('/')}; see /ResourceTypes.`);

const notAllowed = (r: ScimRequest) =>
  new HttpError(405, undefined, `${r.method} is not allowed on /${r.path.join('/')}.`);

/** Routes a SCIM request below `<team>/scim/v2`. */
export function scimRoute(svc: Service, r: ScimRequest, bulk?: (r: ScimRequest) => Reply): Reply {
  const [first, second, ...extra] = r.path;
  const head = (first ?? '').toLowerCase();
  if (extra.length > 0) throw notFound(`No endpoint /${r.path.join('/')}.`);
  if (head === 'serviceproviderconfig' && second === undefined) {
    if (r.method !== 'GET') throw notAllowed(r);
    return { status: 200, body: serviceProviderConfig(r.team, r.base) };
  }
  if (head === 'schemas' || head === 'resourcetypes') {
    if (r.method !== 'GET') throw notAllowed(r);
    const all: Array<{ id: string }> =
      head === 'schemas' ? schemas(r.base, r.team) : resourceTypes(r.base, r.team);
    if (second !== undefined) {
      const one = all.find((s) => s.id === second);
      if (!one)
        throw notFound(
          `No ${head === 'schemas' ? 'schema' : 'resource type'} ${JSON.stringify(second)}.`,
        );
      return { status: 200, body: one };
    }
    return {
      status: 200,
      body: {
        schemas: [LIST_SCHEMA],
        totalResults: all.length,
        startIndex: 1,
        itemsPerPage: all.length,
        Resources: all,
      },
    };
  }
  if (head === '.search' && second === undefined) {
    if (r.method !== 'POST') throw notAllowed(r);
    const { q, view } = queryFrom(r, true);
    return listReply(svc, r, ['User', 'Group'], q, view);
  }
  if (head === 'bulk' && second === undefined) {
    if (r.method !== 'POST') throw notAllowed(r);
    if (!r.team.bulk || !bulk)
      throw new HttpError(501, undefined, `Bulk is not supported by team ${r.team.name}.`);
    return bulk(r);
  }
  const type = resourceAt(r.team, head);
  if (!type) throw noEndpoint(r);
  const viewOf = () => queryFrom(r, false).view;
  if (second === undefined) {
    if (r.method === 'GET') {
      const { q, view } = queryFrom(r, false);
      return listReply(svc, r, [type], q, view);
    }
    if (r.method === 'POST')
      return resourceReply(svc, r, svc.create(r.team, type, r.body), 201, viewOf());
    throw notAllowed(r);
  }
  if (second === '.search') {
    if (r.method !== 'POST') throw notAllowed(r);
    const { q, view } = queryFrom(r, true);
    return listReply(svc, r, [type], q, view);
  }
  switch (r.method) {
    case 'GET':
      return resourceReply(svc, r, svc.get(r.team, type, second), 200, viewOf());
    case 'PUT':
      return resourceReply(
        svc,
        r,
        svc.replace(r.team, type, second, r.body, r.ifMatch),
        200,
        viewOf(),
      );
    case 'PATCH':
      // Celonis lists no PATCH on /Users/{id}: the Celonis profile answers as for no endpoint.
      if (type === 'User' && r.team.profile === 'celonis') throw noEndpoint(r);
      return resourceReply(
        svc,
        r,
        svc.patch(r.team, type, second, r.body, r.ifMatch),
        200,
        viewOf(),
      );
    case 'DELETE':
      svc.delete(r.team, type, second, r.ifMatch);
      return { status: 204 };
    default:
      throw notAllowed(r);
  }
}
