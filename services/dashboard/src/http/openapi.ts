import { z } from 'zod';
import type { ApiRoute } from './route';
import { ErrorBody } from '../api/schemas';

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

/** Path and query parameters from an object schema. */
function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!s) return [];
  const json = schemaOf(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

/** The OpenAPI 3.1 document of every registered API route, generated from their zod schemas. */
export function openApiDocument(routes: readonly ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(r.status ?? 200);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      security: r.access === 'public' ? [] : [{ cookie: [] }, { bearer: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
        },
      }),
      responses: {
        [status]: r.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
          : { description: 'No content' },
        '4XX': { description: 'Refused; the message says why', ...error },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Crumbtrail dashboard API',
      version: '1',
      description:
        'Brand-scoped: a brand the caller may not read answers 404 on every route. State-changing requests from a ' +
        'browser session must send the x-csrf-token header (GET /api/v1/session); scripts use an API token.',
    },
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'ct_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}
