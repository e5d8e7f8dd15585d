/**
 * The overview's counts as aggregations on the `messages` and `verifications` collections: a $match on
 * the indexed time field, then $group/$sum (pipelines FerretDB v1 runs), so only counts leave the database.
 */
import type { Connection } from 'mongoose';
import type { MessageCount, OverviewCounts, VerdictCounts } from '../domain/overview/overview';

interface GroupRow<K> {
  _id: K;
  n: number;
}

export class MongoOverviewCounts implements OverviewCounts {
  constructor(private readonly connection: Connection) {}

  async messagesByPartnerAndState(since: Date): Promise<MessageCount[]> {
    type Key = { partner: string; direction: 'outbound' | 'inbound'; state: string };
    const rows = await this.connection
      .collection('messages')
      .aggregate<GroupRow<Key>>([
        { $match: { createdAt: { $gte: since } } },
        {
          $group: {
            _id: { partner: '$partner', direction: '$direction', state: '$state' },
            n: { $sum: 1 },
          },
        },
      ])
      .toArray();
    return rows
      .map((row) => ({ ...row._id, count: row.n }))
      .sort((a, b) => a.partner.localeCompare(b.partner) || a.state.localeCompare(b.state));
  }

  async verdictsByReason(since: Date): Promise<VerdictCounts> {
    const verifications = this.connection.collection('verifications');
    const match = { $match: { verifiedAt: { $gte: since } } };
    const [verdictRows, reasonRows] = await Promise.all([
      verifications
        .aggregate<GroupRow<string>>([match, { $group: { _id: '$verdict', n: { $sum: 1 } } }])
        .toArray(),
      verifications
        .aggregate<GroupRow<string>>([
          match,
          { $unwind: '$reasonCodes' },
          { $group: { _id: '$reasonCodes', n: { $sum: 1 } } },
        ])
        .toArray(),
    ]);
    const verdict = (name: string) => verdictRows.find((row) => row._id === name)?.n ?? 0;
    return {
      verdicts: { ACCEPTED: verdict('ACCEPTED'), REJECTED: verdict('REJECTED') },
      reasons: reasonRows
        .map((row) => ({ reason: row._id, count: row.n }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    };
  }
}
