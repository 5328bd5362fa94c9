import { z } from 'zod';
import { ADMIN_KEY_HEADER } from './admin-key';
import { LEGACY_ROUTES } from './route-catalog';
import { errorBody, type LegacyRouteSpec } from './route-spec';

type JsonSchema = Record<string, unknown>;
type AnySpec = LegacyRouteSpec<unknown, unknown, unknown, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid JSON, wrong types or values',
  '401': 'Admin key missing or wrong',
  '403': 'Origin not allowed',
  '404': 'Unknown id',
  '413': 'Upload too large',
  '415': 'Wrong content or file type',
  '429': 'Rate limit exceeded',
  '500': 'Unexpected failure (details only in the server log)',
  '503': 'PostgreSQL unreachable (writes) or no legacy folder to fall back to',
};

// Input schemas describe what a client sends (before coercion and defaults), responses what it receives.
const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** `:id` → `{id}`, the OpenAPI spelling of a path parameter. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parameters(spec: AnySpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      list.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  }
  if (spec.access !== 'public') {
    list.push({
      name: 'X-Admin-Key',
      in: 'header',
      required: spec.access === 'admin',
      description: spec.access === 'admin' ? 'Required.' : 'Required unless LEGACY_API_REQUIRE_ADMIN_KEY=false.',
      schema: { type: 'string' },
    });
  }
  return list;
}

function requestBody(spec: AnySpec): JsonSchema | undefined {
  if (!spec.body) return undefined;
  if (spec.body.type === 'json') return { required: true, content: { 'application/json': { schema: toSchema(spec.body.schema, 'input') } } };
  const fields = toSchema(spec.body.fields, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: {
            ...fields.properties,
            [spec.body.fileFields[0]]: {
              type: 'string',
              format: 'binary',
              description: `${spec.body.kinds.join(', ')}; at most ${spec.body.maxFileBytes} bytes`,
            },
          },
          required: [...(fields.required ?? []), spec.body.fileFields[0]],
        },
      },
    },
  };
}

function operation(spec: AnySpec): JsonSchema {
  const errors = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [
      status,
      { description, content: { 'application/json': { schema: toSchema(errorBody, 'output') } } },
    ]),
  );
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method.toLowerCase()}${spec.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
    ...(spec.access === 'admin' ? { security: [{ adminKey: [] }] } : {}),
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: requestBody(spec) } : {}),
    responses: {
      [String(spec.successStatus ?? 200)]: { description: 'Success', content: { 'application/json': { schema: toSchema(spec.response, 'output') } } },
      ...errors,
    },
  };
}

/** The OpenAPI 3.1 document of the legacy API, generated from the zod schemas the handlers parse with. */
export function buildOpenApiDocument(routes: readonly AnySpec[] = LEGACY_ROUTES): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) {
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pend legacy-compatible API',
      version: '1.0.0',
      description:
        'The legacy Express server\'s HTTP contract (legacy-contract.md §2), served from PostgreSQL. Errors are `{ "error": "…" }`. ' +
        'Read routes answer from the legacy JSON files while PostgreSQL is unreachable and say so with `databaseConnected: false`.',
    },
    components: { securitySchemes: { adminKey: { type: 'apiKey', in: 'header', name: ADMIN_KEY_HEADER } } },
    paths,
  };
}
