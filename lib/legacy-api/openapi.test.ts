import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';
import { LEGACY_ROUTES } from './route-catalog';

/** `/api/admin/assets/:id` → `app/api/admin/assets/[id]/route.ts`. */
const routeFile = (apiPath: string) =>
  path.join(
    'app',
    ...apiPath
      .split('/')
      .filter(Boolean)
      .map((segment) => (segment.startsWith(':') ? `[${segment.slice(1)}]` : segment)),
    'route.ts',
  );

describe('route catalog', () => {
  it('every route has its route file, exporting its method and OPTIONS through the legacy wrapper', () => {
    for (const spec of LEGACY_ROUTES) {
      const file = routeFile(spec.path);
      expect(existsSync(file), file).toBe(true);
      const source = readFileSync(file, 'utf8');
      expect(source, file).toMatch(new RegExp(`export const ${spec.method} = legacyRoute\\(`));
      expect(source, file).toMatch(/export const OPTIONS = legacyPreflight\(/);
    }
  });

  it('has one spec per method and path', () => {
    const keys = LEGACY_ROUTES.map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> }>>;
  };

  it('describes every legacy route with its parameters, body, success and error responses', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const spec of LEGACY_ROUTES) {
      const operation = document.paths[spec.path.replace(/:(\w+)/g, '{$1}')]?.[spec.method.toLowerCase()];
      expect(operation, `${spec.method} ${spec.path}`).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining([String(spec.successStatus ?? 200), '400', '401', '404', '413', '415', '429', '500', '503']),
      );
      expect(Boolean(operation.requestBody)).toBe(Boolean(spec.body));
    }
  });

  it('takes parameters from the same zod schemas the handlers parse with', () => {
    const list = document.paths['/api/explorer/transactions'].get.parameters;
    expect(list.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual(['query:limit', 'query:type']);
    const asset = document.paths['/api/admin/assets/{id}'].get.parameters;
    expect(asset).toContainEqual(expect.objectContaining({ in: 'path', name: 'id' }));
    expect(asset).toContainEqual(expect.objectContaining({ in: 'header', name: 'X-Admin-Key' }));
  });
});
