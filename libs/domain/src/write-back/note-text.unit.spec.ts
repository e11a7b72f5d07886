import { streams } from '@srw/contracts';
import { describe, expect, it } from 'vitest';
import { DomainRuleViolation } from '../domain-rule-violation';
import { defaultNoteTemplate, noteMarker, noteText, noteTime, unknownNotePlaceholders } from './note-text';

const stream = streams.invite('tenant-a', 'interview-1', 'candidate-9');
const values = { interviewName: 'Sales screen', completedAt: '2026-12-02 05:46 UTC', reviewUrl: 'https://willo.example/review/p1/', interviewId: 'interview-1' };

describe('note text', () => {
  it('tags the candidate, fills the default template and ends with the marker of the invite stream', () => {
    const text = noteText({ inviteStream: stream, candidateId: 'candidate-9', values });
    expect(text.startsWith('#[CANDIDATE:candidate-9] Willo video interview completed: Sales screen\n')).toBe(true);
    expect(text).toContain('Completed at: 2026-12-02 05:46 UTC');
    expect(text).toContain('Review the responses: https://willo.example/review/p1/');
    expect(text.split('\n').at(-1)).toBe(noteMarker(stream));
  });

  it("fills a tenant's template, whatever it leaves out, and still tags and marks the note", () => {
    const text = noteText({ inviteStream: stream, candidateId: 'candidate-9', template: 'Done: {{ interviewName }} ({{candidateId}})', values });
    expect(text).toBe(`#[CANDIDATE:candidate-9] Done: Sales screen (candidate-9)\n${noteMarker(stream)}`);
  });

  it('refuses a template with a placeholder it cannot fill', () => {
    expect(unknownNotePlaceholders('{{interviewName}} {{email}} {{score}}')).toEqual(['email', 'score']);
    expect(unknownNotePlaceholders(defaultNoteTemplate)).toEqual([]);
    expect(() => noteText({ inviteStream: stream, candidateId: 'c', template: 'Hi {{firstName}}', values })).toThrow(DomainRuleViolation);
  });

  it('derives one stable marker per invite stream, and only for invite streams', () => {
    expect(noteMarker(stream)).toBe(noteMarker(streams.invite('tenant-a', 'interview-1', 'candidate-9')));
    expect(noteMarker(stream)).not.toBe(noteMarker(streams.invite('tenant-a', 'interview-2', 'candidate-9')));
    expect(() => noteMarker(streams.srCandidate('tenant-a', 'candidate-9'))).toThrow(TypeError);
  });

  it('writes times for people, and leaves an unreadable one as given', () => {
    expect(noteTime('2026-12-02T05:46:57.123Z')).toBe('2026-12-02 05:46 UTC');
    expect(noteTime('yesterday')).toBe('yesterday');
  });
});
