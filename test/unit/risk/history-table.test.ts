import { isGatewayError } from '../../../src/domain/errors';
import {
  inferColumnType,
  toHistoryTable,
  toIsoDate,
  toLabel,
} from '../../../src/domain/risk/backtest/history-table';

describe('toIsoDate', () => {
  it.each([
    ['2025-03-07', '2025-03-07'],
    ['2025/3/7', '2025-03-07'],
    ['2025-03-07T10:00:00Z', '2025-03-07'],
    ['7.3.2025', '2025-03-07'],
    ['07/03/2025', '2025-03-07'],
    ['2025-02-30', null],
    ['March 7', null],
  ])('when the text is %s, then the date is %s', (text, expected) => {
    expect(toIsoDate(text)).toBe(expected);
  });
});

describe('inferColumnType', () => {
  it('when every present value is a number, then the column is numeric (empty cells are missing)', () => {
    expect(inferColumnType(['1', '2.5', '', '-3e2'])).toBe('number');
  });
  it('when every present value is a date, then the column holds dates', () => {
    expect(inferColumnType(['1.2.2025', '2025-02-03'])).toBe('date');
  });
  it('when one value is text, then the column is a category', () => {
    expect(inferColumnType(['1', '2', 'n/a'])).toBe('category');
  });
});

describe('toLabel', () => {
  it.each([
    ['yes', 1],
    ['TRUE', 1],
    ['2', 1],
    ['no', 0],
    ['', 0],
    ['0', 0],
  ])('when the label text is "%s", then the label is %s', (text, expected) => {
    expect(toLabel(text, 0)).toBe(expected);
  });
  it('when the label text means nothing, then RISK_INPUT_INVALID names the row', () => {
    expect(() => toLabel('maybe', 4)).toThrow(/row 6/);
  });
});

describe('toHistoryTable', () => {
  it('when the date, label and id columns are named, then they are not features and the rest are typed', () => {
    const table = toHistoryTable(
      ['id', 'day', 'hit', 'office', 'kg'],
      [
        { id: 'a', day: '2025-01-02', hit: 'yes', office: 'BSL', kg: '3.5' },
        { id: 'b', day: '2025-01-03', hit: 'no', office: 'ZRH', kg: '' },
      ],
      { dateColumn: 'day', labelColumn: 'hit', idColumn: 'id' },
    );
    expect(table.facts).toEqual([
      { office: 'BSL', kg: 3.5 },
      { office: 'ZRH', kg: null },
    ]);
    expect(table).toMatchObject({ labels: [1, 0], dates: ['2025-01-02', '2025-01-03'], ids: ['a', 'b'] });
  });

  it('when a named column is missing, then RISK_COLUMN_MISSING', () => {
    let caught: unknown;
    try {
      toHistoryTable(['day'], [{ day: '2025-01-01' }], { dateColumn: 'day', labelColumn: 'hit' });
    } catch (error) {
      caught = error;
    }
    expect(isGatewayError(caught) && caught.code).toBe('RISK_COLUMN_MISSING');
  });
});
