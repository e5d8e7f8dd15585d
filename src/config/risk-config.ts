/**
 * Configuration of customs risk targeting (issue 15): random selection rates, the inspection budget the
 * model's scores are turned into lanes with, and when the model is trained and trusted.
 */
import { z } from 'zod';

const percent = z.coerce.number().min(0).max(100);
const positiveInt = z.coerce.number().int().positive();

const laneRates = z.strictObject({
  yellowPercent: percent.optional(),
  redPercent: percent.optional(),
});

/** A JSON object given as text (environment variables) or as an object (configuration files). */
const officeRates = z.preprocess(
  (value) => (typeof value === 'string' ? (JSON.parse(value === '' ? '{}' : value) as unknown) : value),
  z.record(z.string().min(1), laneRates),
);

export const riskConfigSchema = z.object({
  random: z
    .object({
      yellowPercent: percent
        .default(2)
        .describe('Percent of declarations selected at random for a documentary check (YELLOW)'),
      redPercent: percent
        .default(1)
        .describe('Percent of declarations selected at random for a physical inspection (RED)'),
      offices: officeRates
        .default({})
        .describe(
          'Rates per customs office replacing the defaults, as JSON: {"CHZRH": {"yellowPercent": 5, "redPercent": 2}}',
        ),
    })
    .prefault({}),
  model: z
    .object({
      budgetPercent: percent
        .default(5)
        .describe('Inspection budget: percent of declarations the model may select (its highest scores)'),
      explorationPercent: percent
        .default(10)
        .describe(
          'Share of the inspection budget (percent of it) spent on declarations the model did not select',
        ),
      lane: z.enum(['YELLOW', 'RED']).default('RED').describe('Lane of a declaration the model selects'),
      minResults: positiveInt
        .default(200)
        .describe('Control results needed (with findings and clean ones) before a model is trained and used'),
      retrainAfterResults: positiveInt
        .default(500)
        .describe('Train a new model after this many new control results'),
      retrainIntervalMs: positiveInt
        .max(2_147_483_647)
        .default(7 * 86_400_000)
        .describe('Train a new model on this schedule as well (default weekly)'),
      recentShare: z.coerce
        .number()
        .gt(0)
        .lt(1)
        .default(0.2)
        .describe(
          'Share of the newest control results a new model is compared on before it replaces the current one',
        ),
      thresholdSample: positiveInt
        .default(2000)
        .describe('Recent assessments scored to set the budget threshold of a new model'),
    })
    .prefault({}),
});

export type RiskConfig = z.infer<typeof riskConfigSchema>;
