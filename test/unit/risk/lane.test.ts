import { decideLane } from '../../../src/domain/risk/lane';

describe('decideLane', () => {
  it('when nothing selects, then the lane is GREEN with no decider', () => {
    const decision = decideLane({ random: [{ ratePercent: 1, draw: 0.5, lane: 'YELLOW' }] });
    expect(decision).toEqual({ lane: 'GREEN', decidedBy: null, reasons: [] });
  });

  it('when the verification was REJECTED, then the lane is RED whatever else says', () => {
    const decision = decideLane({
      verificationVerdict: 'REJECTED',
      model: { score: 0.01, threshold: 0.5, lane: 'YELLOW' },
    });
    expect(decision.lane).toBe('RED');
    expect(decision.decidedBy).toBe('VERIFICATION');
    expect(decision.reasons.map((r) => [r.source, r.selected])).toEqual([
      ['VERIFICATION', true],
      ['MODEL', false],
    ]);
  });

  it('when a profile matches but its draw is outside its selection rate, then it is reported and not selected', () => {
    const decision = decideLane({
      profileHits: [{ profileId: 'p1', lane: 'RED', selectionRate: 30, draw: 0.3 }],
    });
    expect(decision.lane).toBe('GREEN');
    expect(decision.reasons).toEqual([{ source: 'PROFILE', lane: 'RED', selected: false, profileId: 'p1' }]);
  });

  it('when a YELLOW profile and a RED model score select, then the lane is RED and the model decided', () => {
    const decision = decideLane({
      profileHits: [{ profileId: 'p1', lane: 'YELLOW', selectionRate: 100, draw: 0.99 }],
      model: { score: 0.8, threshold: 0.6, lane: 'RED' },
    });
    expect(decision).toMatchObject({ lane: 'RED', decidedBy: 'MODEL' });
    expect(decision.reasons[1]).toEqual({
      source: 'MODEL',
      lane: 'RED',
      selected: true,
      score: 0.8,
      threshold: 0.6,
    });
  });

  it('when two sources ask for the same lane, then the stronger one is the decider', () => {
    const decision = decideLane({
      profileHits: [{ profileId: 'p1', lane: 'RED', selectionRate: 100, draw: 0 }],
      model: { score: 0.9, threshold: 0.6, lane: 'RED' },
    });
    expect(decision.decidedBy).toBe('PROFILE');
  });

  it('when the model does not select and the exploration draw falls in its rate, then exploration selects', () => {
    const decision = decideLane({
      model: { score: 0.1, threshold: 0.6, lane: 'RED' },
      exploration: { ratePercent: 2, draw: 0.01, lane: 'RED' },
    });
    expect(decision).toMatchObject({ lane: 'RED', decidedBy: 'EXPLORATION' });
  });

  it('when something already selected, then exploration does not spend budget on it', () => {
    const decision = decideLane({
      model: { score: 0.9, threshold: 0.6, lane: 'RED' },
      exploration: { ratePercent: 100, draw: 0, lane: 'RED' },
    });
    expect(decision.reasons.map((r) => r.source)).toEqual(['MODEL']);
  });

  it('when a random draw falls inside the lane rate, then RANDOM selects with that lane', () => {
    const decision = decideLane({
      random: [
        { ratePercent: 2, draw: 0.015, lane: 'YELLOW' },
        { ratePercent: 1, draw: 0.5, lane: 'RED' },
      ],
    });
    expect(decision).toEqual({
      lane: 'YELLOW',
      decidedBy: 'RANDOM',
      reasons: [{ source: 'RANDOM', lane: 'YELLOW', selected: true }],
    });
  });
});
