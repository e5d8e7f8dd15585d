/**
 * Our own import permits (Appendix I imports need one):
 *  - POST /api/v1/import-permits (issuer): JSON `{ document }` (our permit model) or `{ documentXml }`;
 *    201 when recorded, 200 when the same permit was recorded before, 409 IMPORT_PERMIT_EXISTS otherwise;
 *  - GET /api/v1/import-permits?permitNumber=&limit= (issuer, customs, auditor).
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { ImportPermitRecord } from '../domain/verification/import-permit';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { recordImportPermit, type RecordImportPermitDeps } from '../flows/record-import-permit';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export const recordBody = z.union([
  z.strictObject({ document: z.record(z.string(), z.unknown()) }),
  z.strictObject({ documentXml: z.string().min(1) }),
]);

export const listQuery = z.strictObject({
  permitNumber: z.string().min(1).max(70).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function toBody(record: ImportPermitRecord): Record<string, unknown> {
  const { digest: _digest, ...shown } = record;
  return shown;
}

export function importPermitRoutes(deps: RecordImportPermitDeps & { authenticator: TokenAuthenticator }) {
  const issuer = requireRole(deps.authenticator, 'issuer');
  const readers = requireRole(deps.authenticator, 'issuer', 'customs', 'auditor');
  return (router: Router): void => {
    router.post('/import-permits', issuer, async (req, res) => {
      const body = parseBody(recordBody, req.body);
      const { record, created } = await recordImportPermit(deps, { ...body, recordedBy: actorOf(res).name });
      res.status(created ? 201 : 200).json(toBody(record));
    });
    router.get('/import-permits', readers, async (req, res) => {
      const query = parseBody(listQuery, req.query);
      const items = await deps.importPermits.list(query);
      res.json({ items: items.map(toBody) });
    });
  };
}
