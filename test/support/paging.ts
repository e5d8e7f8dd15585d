/** Newest-first API listings followed through their `next` cursor, as an integrating system pages them. */
import type { TestCountry } from './two-countries';

export interface ListPage<T> {
  items: T[];
  next?: { before: string; beforeKey: string };
}

/**
 * Every page of `path` with `query` (a limit, filters), from the first to the one without `next`, each
 * request passing the previous page's `next` as it came; each answer must be 200.
 */
export async function followPages<T>(
  country: TestCountry,
  path: string,
  token: string,
  query: Record<string, string | number>,
): Promise<Array<ListPage<T>>> {
  const pages: Array<ListPage<T>> = [];
  let cursor: ListPage<T>['next'];
  do {
    const res = await country
      .api()
      .get(path)
      .query({ ...query, ...cursor })
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const page = res.body as ListPage<T>;
    pages.push(page);
    cursor = page.next;
  } while (cursor);
  return pages;
}
