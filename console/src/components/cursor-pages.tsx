/**
 * Newest-first listings paged by the API's `next` cursor (the previous page's last time and key): the stack
 * of cursors that led to the page shown, and the buttons that move along it.
 */
import { Button, Space } from 'antd';
import { useState } from 'react';

/** Where a page starts, as the API's `next` gives it. */
export interface PageCursor {
  before: string;
  beforeKey: string;
}

export interface CursorPages {
  /** The cursor of the page shown; undefined on the first (newest) page. */
  cursor: PageCursor | undefined;
  depth: number;
  first: () => void;
  previous: () => void;
  next: (cursor: PageCursor) => void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<PageCursor[]>([]);
  return {
    cursor: cursors[cursors.length - 1],
    depth: cursors.length,
    first: () => setCursors([]),
    previous: () => setCursors(cursors.slice(0, -1)),
    next: (cursor) => setCursors([...cursors, cursor]),
  };
}

/** First, previous and next buttons; `next` is the page's own cursor, absent on the last page. */
export function CursorPager(props: {
  pages: CursorPages;
  next: PageCursor | undefined;
  labels: { first: string; previous: string; next: string };
}) {
  const { pages, next, labels } = props;
  return (
    <Space wrap>
      <Button onClick={pages.first} disabled={pages.depth === 0}>
        {labels.first}
      </Button>
      <Button onClick={pages.previous} disabled={pages.depth === 0}>
        {labels.previous}
      </Button>
      <Button onClick={() => next && pages.next(next)} disabled={!next}>
        {labels.next}
      </Button>
    </Space>
  );
}
