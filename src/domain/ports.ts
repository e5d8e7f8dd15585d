/** Ports shared by several flows. Feature-specific ports live beside their flows' domain modules. */

/** The only source of "now" in domain code and flows; tests pass a fixed clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const time = new Date(at);
  return { now: () => new Date(time) };
}
