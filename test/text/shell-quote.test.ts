import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/text/shell-quote.js';

describe('shellQuote', () => {
  it.each(['plain', 'with space', "it's", '$(rm -rf /)', '`x`; y', 'a\nb', ''])(
    'keeps %j one literal word',
    (word) => {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(word)}`]).toString()).toBe(word);
    },
  );
});
