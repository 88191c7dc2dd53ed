/**
 * Pseudonyms are stable for a student under one key, differ between students, and cannot be worked
 * out from a login without the server's key.
 */
import { expect, it } from 'vitest';
import { pseudonym, pseudonymKey } from '../../../src/reporters/scoreboard/pseudonym.js';

const key = pseudonymKey('s'.repeat(32));

it('gives a student the same friendly name every time', () => {
  const first = pseudonym(key, 'cs101', 'alice');
  expect(first.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ [1-9]\d\d$/);
  expect(first.tag).toMatch(/^[0-9a-f]{4}$/);
  expect(pseudonym(key, 'cs101', 'alice')).toEqual(first);
});

it('gives different students different names', () => {
  const names = new Set(Array.from({ length: 200 }, (_, i) => pseudonym(key, 'cs101', `student${i}`).name));
  // 3.7 million names: 200 students collide with a chance of about half a percent.
  expect(names.size).toBeGreaterThanOrEqual(199);
});

it('renames everyone under another secret, and never shows the login', () => {
  const other = pseudonymKey('t'.repeat(32));
  expect(other).not.toBe(key);
  const students = ['alice', 'bob', 'carol', 'dave', 'erin'];
  const differ = students.filter(
    (s) => pseudonym(key, 'cs101', s).name !== pseudonym(other, 'cs101', s).name,
  );
  expect(differ.length).toBeGreaterThanOrEqual(4);
  for (const student of students) {
    expect(pseudonym(key, 'cs101', student).name.toLowerCase()).not.toContain(student);
  }
});

it('depends on the organisation, so a student is not followed from course to course', () => {
  expect(pseudonym(key, 'cs101', 'alice').name).not.toBe(pseudonym(key, 'cs102', 'alice').name);
});

it('derives the key from the secret with a label: the secret itself is never the key', () => {
  const secret = 'w'.repeat(40);
  expect(pseudonymKey(secret)).toMatch(/^[0-9a-f]{64}$/);
  expect(pseudonymKey(secret)).not.toBe(Buffer.from(secret).toString('hex'));
  expect(pseudonymKey(secret)).toBe(pseudonymKey(secret));
});
