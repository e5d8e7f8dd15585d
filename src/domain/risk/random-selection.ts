/**
 * Random selection: the minimum rates per lane and customs office at which declarations are inspected
 * whatever the rules and the model say, drawn with cryptographic randomness so no trader can predict
 * them. These are the unbiased samples the model's evaluation needs.
 */
import { randomInt } from 'node:crypto';
import type { DrawnSelection } from './lane';

/** A draw in [0, 1). */
export type RandomSource = () => number;

const RESOLUTION = 2 ** 48 - 1;

/** Uniform draws in [0, 1) from the operating system's cryptographic generator. */
export const cryptoRandom: RandomSource = () => randomInt(RESOLUTION) / RESOLUTION;

export interface LaneRates {
  yellowPercent?: number | undefined;
  redPercent?: number | undefined;
}

export interface RandomRates {
  yellowPercent: number;
  redPercent: number;
  /** Rates per office replacing the defaults (a lane left out keeps the default). */
  offices: Record<string, LaneRates>;
}

/** The rates that apply at `office`. */
export function ratesAt(rates: RandomRates, office: string | null): { yellow: number; red: number } {
  const own = office === null ? undefined : rates.offices[office];
  return { yellow: own?.yellowPercent ?? rates.yellowPercent, red: own?.redPercent ?? rates.redPercent };
}

/** One draw per lane at the office's rates (each a lane decision input). */
export function randomSelections(
  rates: RandomRates,
  office: string | null,
  random: RandomSource,
): DrawnSelection[] {
  const at = ratesAt(rates, office);
  return [
    { lane: 'RED', ratePercent: at.red, draw: random() },
    { lane: 'YELLOW', ratePercent: at.yellow, draw: random() },
  ];
}
