/** Health, metrics, this document, and the gateway's own identity. */
import { z } from 'zod';
import { ROLES } from '../../../domain/auth/token';
import type { ApiOperation } from '../operation';
import { CertificateSummary } from '../views';

const published = CertificateSummary.extend({ pem: z.string() });

export const PLATFORM_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/health/live',
    id: 'healthLive',
    tag: 'operations',
    summary: 'The process is up',
    access: 'public',
    answers: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
  },
  {
    method: 'get',
    path: '/health/ready',
    id: 'healthReady',
    tag: 'operations',
    summary: 'The database and the broker answer',
    access: 'public',
    answers: {
      200: {
        description: 'Ready (503 with the same body when a check is down)',
        schema: z.object({
          status: z.enum(['ok', 'unavailable']),
          checks: z.record(z.string(), z.enum(['ok', 'down'])),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    id: 'metrics',
    tag: 'operations',
    summary: 'Prometheus metrics of this instance',
    access: 'public',
    answers: { 200: { description: 'Prometheus text exposition format', content: ['text/plain'] } },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    id: 'openApiDocument',
    tag: 'operations',
    summary: 'This document',
    access: 'public',
    answers: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  },
  {
    method: 'get',
    path: '/api/v1/identity',
    id: 'getIdentity',
    tag: 'partners',
    summary: "Our country's signing and TLS certificates, for a partner's administrator to onboard us",
    access: ROLES,
    answers: {
      200: {
        description: 'Our public identity',
        schema: z.looseObject({
          country: z.string(),
          name: z.string(),
          exchangeUrl: z.string().nullable(),
          signing: z.looseObject({ certificate: published, chain: z.array(published) }),
          tls: z.looseObject({ server: published, client: published, chain: z.array(published) }),
        }),
      },
    },
  },
];
