import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/text/escape-controls.js';

describe('escapeControls', () => {
  it('writes ESC, BEL, DEL, C1 and a lone carriage return as visible escapes', () => {
    expect(escapeControls('\u001b]52;c;eA==\u0007 \u009b2J a\rb \u007f')).toBe(
      '\\u001b]52;c;eA==\\u0007 \\u009b2J a\\u000db \\u007f',
    );
  });

  it('writes bidirectional overrides and isolates as escapes, so a line reads as it is', () => {
    expect(escapeControls('ok \u202Etxt.exe \u2066x\u2069 \u200F')).toBe(
      'ok \\u202etxt.exe \\u2066x\\u2069 \\u200f',
    );
  });

  it('keeps newline, tab, CRLF and everything printable', () => {
    const text = 'a\tb\r\nc\nünïcödé → ✓ \u00a0';
    expect(escapeControls(text)).toBe(text);
  });

  it('keeps JSON valid and meaning the same text', () => {
    const value = { output: '\u001b[31m\u009b\u0085\u007f\r\u202e' };
    expect(JSON.parse(escapeControls(JSON.stringify(value)))).toEqual(value);
  });
});
