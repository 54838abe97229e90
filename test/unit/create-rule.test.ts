import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { createRule } from '../../src/create-rule';

type Options = [{ name?: string; extra?: number }];

/** The options objects `echo` was created with, in order. */
const received: object[] = [];

// Reports, once per file, the options it was created with.
const echo = createRule<Options, 'options'>({
  name: 'echo-options',
  meta: {
    type: 'problem',
    docs: { description: 'test rule', recommended: 'recommended' },
    schema: [{ type: 'object', properties: { name: { type: 'string' }, extra: { type: 'number' } }, additionalProperties: false }],
    defaultOptions: [{ name: 'default' }],
    messages: { options: '{{options}}' },
  },
  create(context, [options]) {
    received.push(options);
    return {
      Program(node) {
        context.report({ node, messageId: 'options', data: { options: JSON.stringify(options) } });
      },
    };
  },
});

const linter = new Linter({ configType: 'flat' });
const plugin = { rules: { echo } } as never;

function optionsSeen(ruleOptions: readonly object[]): unknown {
  const config = { plugins: { test: plugin }, rules: { 'test/echo': ['error', ...ruleOptions] } } as Linter.Config;
  const [message] = linter.verify('x;', config as never, 'file.js');
  return JSON.parse(message.message);
}

describe('createRule', () => {
  it('applies the defaults to the configured options, and follows a change of options from one file to the next', () => {
    expect(optionsSeen([])).toEqual({ name: 'default' });
    expect(optionsSeen([{ extra: 1 }])).toEqual({ name: 'default', extra: 1 });
    expect(optionsSeen([{ name: 'mine' }])).toEqual({ name: 'mine' });
    expect(optionsSeen([])).toEqual({ name: 'default' });
  });

  it('keeps one configuration’s options for every file it lints', () => {
    const config = { plugins: { test: plugin }, rules: { 'test/echo': ['error', { name: 'shared' }] } } as Linter.Config;
    const seen = ['a.js', 'b.js', 'c.js'].map((file) => JSON.parse(linter.verify('x;', config as never, file)[0].message));
    expect(seen).toEqual([{ name: 'shared' }, { name: 'shared' }, { name: 'shared' }]);
  });

  it('resolves one configuration’s options once, though ESLint hands each file a fresh merged copy', () => {
    const config = { plugins: { test: plugin }, rules: { 'test/echo': ['error', { extra: 2 }] } } as Linter.Config;
    received.length = 0;
    for (const file of ['a.js', 'b.js', 'c.js']) linter.verify('x;', config as never, file);
    expect(received).toEqual([{ name: 'default', extra: 2 }, { name: 'default', extra: 2 }, { name: 'default', extra: 2 }]);
    expect(received[1]).toBe(received[0]);
    expect(received[2]).toBe(received[0]);
  });
});
