import { describe, expect, it } from 'vitest';
import { nextCursorFromLink, nextLink } from './link-header';

describe('nextLink', () => {
  it('reads the next link among others, quoted or not', () => {
    const header = '<https://api.smartrecruiters.com/messages?pageId=p1>; rel="prev", <https://api.smartrecruiters.com/messages?pageId=p3>; rel=next';
    expect(nextCursorFromLink(header, 'pageId')).toBe('p3');
    expect(nextCursorFromLink('<https://x.test/a?page_id=7>; rel="next"', 'page_id')).toBe('7');
  });

  it('resolves a relative target instead of ending the listing early', () => {
    expect(nextCursorFromLink('</messages?candidateId=c&pageId=p2>; rel="next"', 'pageId')).toBe('p2');
  });

  it('accepts next among several relation types, and nothing else', () => {
    expect(nextCursorFromLink('<https://x.test/?pageId=p2>; rel="last next"', 'pageId')).toBe('p2');
    expect(nextLink('<https://x.test/?pageId=p2>; rel="nextfoo"')).toBeUndefined();
    expect(nextLink('<https://x.test/?pageId=p2>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});
