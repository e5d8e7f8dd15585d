/** What the risk engine knows about one declaration line: flat, named facts (rules and model read the same). */
export type FactValue = string | number | null;
export type Facts = Readonly<Record<string, FactValue>>;
