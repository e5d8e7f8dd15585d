/** The bench's CPU profile breakdown: the measured window only, by package, idle left out. */
import { breakdown, categoryOf } from '../../../bench/lib/profile';

const frame = (functionName: string, url = '') => ({ functionName, url });

describe('CPU profile breakdown', () => {
  test('when a function comes from a package, Node or the gateway, then it is counted under that name', () => {
    expect(categoryOf(frame('insertMany', 'file:///w/node_modules/mongodb/lib/collection.js'))).toBe(
      'mongodb',
    );
    expect(categoryOf(frame('x', '/w/node_modules/@peculiar/x509/build/x509.cjs.js'))).toBe('@peculiar/x509');
    expect(categoryOf(frame('emit', 'node:events'))).toBe('node core');
    expect(categoryOf(frame('deliver', 'file:///w/dist/src/flows/deliver-message.js'))).toBe(
      'gateway src/flows',
    );
    expect(categoryOf(frame('(garbage collector)'))).toBe('garbage collector');
    expect(categoryOf(frame('(idle)'))).toBe('idle');
    expect(categoryOf(frame('stringify'))).toBe('built-ins');
  });

  test('when samples fall before, in and after the window, then only those in it count, idle excluded', () => {
    // root → node core → mongodb → bson; root → idle. One sample every ms from t = 0 to 9 ms.
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('processTicks', 'node:internal/process'), children: [3] },
        { id: 3, callFrame: frame('find', '/w/node_modules/mongodb/lib/x.js'), children: [4] },
        { id: 4, callFrame: frame('deserialize', '/w/node_modules/bson/lib/bson.js') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [3, 3, 4, 4, 4, 5, 3, 4, 3, 3],
      timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    // window: the 6 ms that ended 2 ms before the profile ended: samples at t = 2..8 ms
    const result = breakdown(profile, { windowMs: 6, endBeforeStopMs: 2 });
    expect(result.busyMs).toBe(6);
    expect(result.self).toEqual([
      { name: 'bson', ms: 4, pct: 66.7 },
      { name: 'mongodb', ms: 2, pct: 33.3 },
    ]);
    expect(result.inclusive).toEqual([
      { name: 'mongodb', ms: 6, pct: 100 },
      { name: 'bson', ms: 4, pct: 66.7 },
    ]);
  });
});
