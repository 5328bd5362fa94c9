// GET /api/openapi.json – the OpenAPI document of the legacy-compatible API, from the handlers' zod schemas
import { buildOpenApiDocument } from '@/lib/legacy-api/openapi';

export const dynamic = 'force-static';

export function GET(): Response {
  return Response.json(buildOpenApiDocument());
}
