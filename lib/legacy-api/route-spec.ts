import { z } from 'zod';

/**
 * Who may call a route.
 * - `admin`: `X-Admin-Key` required (the legacy server answered 401 without it).
 * - `admin-open`: an admin route the legacy server served without the key (dashboard, database and
 *   health routes were curl'd bare): `admin` unless LEGACY_API_REQUIRE_ADMIN_KEY=false.
 * - `public`: never needs the key; a valid key only unlocks full phone numbers.
 */
export type RouteAccess = 'admin' | 'admin-open' | 'public';

export const FILE_KINDS = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  png: { mimeType: 'image/png', extension: 'png' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
  pdf: { mimeType: 'application/pdf', extension: 'pdf' },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export type UploadedFile = { originalName: string; declaredType: string; size: number; bytes: Buffer; kind: FileKind };
export type MultipartInput<Fields> = { fields: Fields; file: UploadedFile };

export type MultipartSpec<Body> = {
  type: 'multipart';
  /** The text fields, for validation and the OpenAPI document. */
  fields: z.ZodObject;
  /** `{ fields, file }`, built by `multipartBody`. */
  schema: z.ZodType<Body>;
  /** Form field names that may carry the file, first match wins. */
  fileFields: readonly string[];
  kinds: readonly FileKind[];
  maxFileBytes: number;
};

/** A multipart upload: its text fields and one file of the given kinds, at most `maxFileBytes`. */
export function multipartBody<Fields extends z.ZodObject>(
  fields: Fields,
  options: { fileFields: readonly string[]; kinds: readonly FileKind[]; maxFileBytes: number },
): MultipartSpec<MultipartInput<z.infer<Fields>>> {
  // zod cannot infer an object over a generic shape, so the (correct) output type is stated.
  const schema = z.object({ fields, file: z.custom<UploadedFile>() }) as unknown as z.ZodType<MultipartInput<z.infer<Fields>>>;
  return { type: 'multipart', fields, schema, ...options };
}

export type BodySpec<Body> = { type: 'json'; schema: z.ZodType<Body> } | MultipartSpec<Body>;

export type LegacyRouteSpec<Params = unknown, Query = unknown, Body = unknown, Response = unknown> = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style path, as the legacy contract writes it (`/api/admin/assets/:id`). */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  /** Reads fall back to the legacy files when PostgreSQL is down; writes answer 503 instead. */
  kind: 'read' | 'write';
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  body?: BodySpec<Body>;
  response: z.ZodType<Response>;
  successStatus?: 200 | 201;
  /** Seconds a PostgreSQL answer is reused (per path, query and caller kind); writes invalidate it. */
  cacheSeconds?: number;
  /** A request example from legacy-contract.md §2, replayed by the contract test suite. */
  examples?: ReadonlyArray<{ path: string; body?: unknown }>;
};

export function defineLegacyRoute<Params = unknown, Query = unknown, Body = unknown, Response = unknown>(
  spec: LegacyRouteSpec<Params, Query, Body, Response>,
): LegacyRouteSpec<Params, Query, Body, Response> {
  return spec;
}

/** Every read body carries where it came from: the legacy `databaseConnected` flag. */
export function readBody<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.looseObject({ ...shape, databaseConnected: z.boolean() });
}

export const errorBody = z.object({ error: z.string() });
