/** Partner countries and their certificates (admin; auditors read). */
import { z } from 'zod';
import { CERTIFICATE_ROLES, PARTNER_STATUSES } from '../../../domain/partners/partner';
import { certificateUploadSchema } from '../../../flows/add-partner-certificate';
import { newPartnerSchema } from '../../../flows/add-partner';
import { partnerChangesSchema } from '../../../flows/update-partner';
import {
  crlListResponseSchema,
  crlUploadBodySchema,
  crlUploadResponseSchema,
} from '../../partner-crl-routes';
import { revokeQuery } from '../../partner-routes';
import { named, pathParams, type ApiOperation } from '../operation';
import { CertificateSummary, instant, itemsOf } from '../views';

const CertificateView = named(
  'PartnerCertificate',
  CertificateSummary.extend({
    partnerCode: z.string(),
    role: z.enum(CERTIFICATE_ROLES),
    state: z.enum(['active', 'not-yet-valid', 'expired', 'revoked']),
    pem: z.string().optional().describe('In the certificates list only'),
  }),
);

const PartnerView = named(
  'Partner',
  z.looseObject({
    code: z.string(),
    name: z.string(),
    endpointUrl: z.string(),
    status: z.enum(PARTNER_STATUSES),
    timeoutMs: z.number().int(),
    allowedDocumentTypes: z.array(z.string()),
    createdAt: instant,
    updatedAt: instant,
    certificates: z.array(CertificateView),
  }),
);

const code = pathParams('code');
const READERS = ['admin', 'auditor'] as const;
const PARTNER_INPUT_ERRORS = ['PARTNER_NOT_FOUND'] as const;

export const PARTNER_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/partners',
    id: 'addPartner',
    tag: 'partners',
    summary: 'Add a partner country (pending until its certificates are uploaded and it is activated)',
    access: ['admin'],
    body: { schema: newPartnerSchema },
    answers: { 201: { description: 'Added', schema: PartnerView } },
    errors: ['PARTNER_EXISTS', 'PARTNER_IS_OWN_COUNTRY'],
  },
  {
    method: 'get',
    path: '/api/v1/partners',
    id: 'listPartners',
    tag: 'partners',
    summary: 'Every partner with its certificates',
    access: READERS,
    answers: { 200: { description: 'The partners', schema: itemsOf(PartnerView) } },
  },
  {
    method: 'get',
    path: '/api/v1/partners/:code',
    id: 'getPartner',
    tag: 'partners',
    summary: 'One partner with its certificates',
    access: READERS,
    params: code,
    answers: { 200: { description: 'The partner', schema: PartnerView } },
    errors: PARTNER_INPUT_ERRORS,
  },
  {
    method: 'patch',
    path: '/api/v1/partners/:code',
    id: 'updatePartner',
    tag: 'partners',
    summary: 'Change a partner: name, endpoint, timeout, document types, status (activate, suspend)',
    access: ['admin'],
    params: code,
    body: { schema: partnerChangesSchema },
    answers: { 200: { description: 'The partner as changed', schema: PartnerView } },
    errors: [...PARTNER_INPUT_ERRORS, 'PARTNER_NO_TLS_ANCHOR'],
  },
  {
    method: 'get',
    path: '/api/v1/partners/:code/certificates',
    id: 'listPartnerCertificates',
    tag: 'partners',
    summary: "A partner's certificates, with their PEM",
    access: READERS,
    params: code,
    answers: { 200: { description: 'The certificates', schema: itemsOf(CertificateView) } },
    errors: PARTNER_INPUT_ERRORS,
  },
  {
    method: 'post',
    path: '/api/v1/partners/:code/certificates',
    id: 'addPartnerCertificate',
    tag: 'partners',
    summary: 'Upload a TLS CA, signing CA or pinned certificate (PEM, DER or PKCS#12), validated by role',
    access: ['admin'],
    params: code,
    body: { schema: certificateUploadSchema },
    answers: {
      201: {
        description: 'Added',
        schema: z.looseObject({ created: z.literal(true), certificate: CertificateView }),
      },
      200: {
        description: 'Already there',
        schema: z.looseObject({ created: z.literal(false), certificate: CertificateView }),
      },
    },
    errors: [
      ...PARTNER_INPUT_ERRORS,
      'CERT_UNPARSEABLE',
      'CERT_PKCS12_INVALID',
      'CERT_PKCS12_EC_UNSUPPORTED',
      'CERT_WEAK_KEY',
      'CERT_NOT_CA',
      'CERT_NOT_LEAF',
      'CERT_COUNTRY_MISMATCH',
      'CERT_EXPIRED',
      'CERT_UNTRUSTED',
      'TRUST_ANCHOR_INVALID',
    ],
  },
  {
    method: 'delete',
    path: '/api/v1/partners/:code/certificates/:fingerprint',
    id: 'revokePartnerCertificate',
    tag: 'partners',
    summary: 'Revoke a certificate of a partner (by SHA-256 fingerprint; `role` when it has several)',
    access: ['admin'],
    params: pathParams('code', 'fingerprint'),
    query: revokeQuery,
    answers: { 200: { description: 'The certificates revoked', schema: itemsOf(CertificateView) } },
    errors: [...PARTNER_INPUT_ERRORS, 'CERT_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/partners/:code/ping',
    id: 'pingPartner',
    tag: 'partners',
    summary: "Call the partner's exchange endpoint over mutual TLS and report what happened",
    access: ['admin'],
    params: code,
    answers: {
      200: {
        description: 'The partner answered',
        schema: z.looseObject({
          partner: z.string(),
          endpointUrl: z.string(),
          reachable: z.literal(true),
          status: z.number().int(),
          rttMs: z.number(),
          tls: z.looseObject({ protocol: z.string().nullable(), cipher: z.string().nullable() }),
        }),
      },
    },
    errors: [...PARTNER_INPUT_ERRORS, 'PARTNER_UNREACHABLE', 'PARTNER_TLS_FAILED', 'PARTNER_TIMEOUT'],
  },
  {
    method: 'post',
    path: '/api/v1/partners/:code/crls',
    id: 'uploadPartnerCrl',
    tag: 'partners',
    summary:
      'Upload a CRL for a partner whose distribution point is unreachable (signed by one of its CA certificates, current)',
    description: '201 when stored; 200 when the same CRL was stored before (nothing changed).',
    access: ['admin'],
    params: code,
    body: { schema: crlUploadBodySchema },
    answers: {
      201: { description: 'Stored', schema: crlUploadResponseSchema },
      200: { description: 'Stored before', schema: crlUploadResponseSchema },
    },
    errors: [
      ...PARTNER_INPUT_ERRORS,
      'CRL_INVALID',
      'CRL_NOT_FROM_PARTNER_ANCHOR',
      'CRL_EXPIRED',
      'CRL_NOT_YET_VALID',
    ],
  },
  {
    method: 'get',
    path: '/api/v1/partners/:code/crls',
    id: 'listPartnerCrls',
    tag: 'partners',
    summary:
      "A partner's uploaded CRLs: issuer, thisUpdate, nextUpdate, revoked count, who uploaded, whether stale",
    access: READERS,
    params: code,
    answers: { 200: { description: 'The CRLs', schema: crlListResponseSchema } },
    errors: PARTNER_INPUT_ERRORS,
  },
];
