/**
 * The sample permit for tests: a Kenyan export permit to Switzerland with two blocks of Appendix II species.
 * It lives in scripts/lib/sample-permits.ts, with the demo's, benches' and drills' permits built on it.
 */
export { samplePermit, type PermitOverrides } from '../../scripts/lib/sample-permits';
