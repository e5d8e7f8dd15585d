/**
 * The internal API's OpenAPI 3.1 document at /api/v1/openapi.json (no token needed: it holds no data), and
 * interactive documentation at /api/docs/ (Swagger UI, served from the swagger-ui-dist package: no CDN).
 * The document is generated once from the operations' zod schemas (openapi/document.ts).
 */
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { buildOpenApiDocument } from './openapi/document';
import { API_OPERATIONS } from './openapi/operations';

const DESCRIPTION = [
  'The internal API of an EPIX-style CITES permit exchange gateway: Management Authority permit officers',
  'issue permits, customs verifies presented permits and records control results, administrators onboard',
  'partner countries. Every error answers `{ "error": { "code", "message", "details"? } }` with a stable',
  'code from the catalogue; every answer carries an X-Request-Id header.',
].join(' ');

let document: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(API_OPERATIONS, {
    title: 'EPIX gateway internal API',
    version: '1',
    description: DESCRIPTION,
  });
  return document;
}

/** Swagger UI may load only its own files and call only this origin. */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/** Our initializer instead of the package's (which points at the petstore). */
const initializer: RequestHandler = (req, res, next) => {
  if (req.path !== '/swagger-initializer.js') return next();
  res.type('application/javascript').send(INITIALIZER);
};

export function apiDocs(swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'))) {
  return (app: Express): void => {
    app.get('/api/v1/openapi.json', (_req, res) => {
      res.json(openApiDocument());
    });
    app.use('/api/docs', securityHeaders, initializer, express.static(swaggerUiDir, { redirect: true }));
  };
}
