/**
 * Retention (`retention.*`): how long each collection keeps records (0 keeps them for ever), and the
 * purge job's pace. The audit log has no key here: it is never purged by this job.
 */
import { z } from 'zod';

const days = z.coerce.number().int().min(0);
const positiveInt = z.coerce.number().int().positive();

export const retentionSchema = z
  .object({
    messageDays: days.default(0).describe('Keep exchanged message records this many days (0: for ever)'),
    archiveDays: days.default(0).describe('Keep raw archived inbound requests this many days (0: for ever)'),
    verificationDays: days.default(0).describe('Keep customs verifications this many days (0: for ever)'),
    alertDays: days.default(0).describe('Keep raised alerts this many days (0: for ever)'),
    customsHoldDays: days
      .default(365)
      .describe(
        "Keep a received permit's message and ACCEPTED verification this long after its validity ends",
      ),
    intervalMs: positiveInt
      .default(3_600_000)
      .describe('How often the purge runs (one instance per interval)'),
    batchSize: positiveInt.max(5000).default(500).describe('Records read and deleted per batch'),
    maxBatches: positiveInt.default(20).describe('Batches per collection per run (bounds one run)'),
  })
  .prefault({});

export type RetentionConfig = z.infer<typeof retentionSchema>;
