import { asMessages, compile, compileProblems, variablesOf } from './prompt-template';

describe('prompt templates ({{variable}}, as Langfuse)', () => {
  const chat = [
    { role: 'system' as const, content: 'You analyse {{ market }} for {{desk}}.' },
    { role: 'user' as const, content: 'Focus on {{market}}.' },
  ];

  it('finds variables in order of first use, spaces inside braces allowed', () => {
    expect(variablesOf('Hi {{name}}, {{ name }} and {{other_1}}')).toEqual(['name', 'other_1']);
    expect(variablesOf(chat)).toEqual(['market', 'desk']);
  });

  it('fills text and chat prompts', () => {
    expect(compile('Hi {{name}}!', { name: 'Ada' })).toBe('Hi Ada!');
    expect(compile(chat, { market: 'FX', desk: 'G10' })).toEqual([
      { role: 'system', content: 'You analyse FX for G10.' },
      { role: 'user', content: 'Focus on FX.' },
    ]);
    expect(asMessages('Be brief.')).toEqual([{ role: 'system', content: 'Be brief.' }]);
  });

  it('names a missing variable and one the prompt does not use', () => {
    expect(compileProblems(chat, { market: 'FX', desc: 'typo' }, 'variables')).toEqual([
      { field: 'variables.desk', message: 'is required by the prompt' },
      { field: 'variables.desc', message: 'is not a variable of the prompt' },
    ]);
  });
});
