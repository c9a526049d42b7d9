// Tests of in-repo configuration discovery: which root wins, directory order, .zuul.ignore, extra paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectConfigFiles } from './config-files.js';

const job = '- job:\n    name: x\n';

describe('selectConfigFiles', () => {
  const cases: [string, Record<string, string>, string[], string | null, string[], string[]?][] = [
    ['nothing', { 'README.rst': 'hi' }, [], null, []],
    ['zuul.yaml alone', { 'zuul.yaml': job }, ['zuul.yaml'], 'zuul.yaml', []],
    ['.zuul.yaml alone', { '.zuul.yaml': job }, ['.zuul.yaml'], '.zuul.yaml', []],
    [
      'a zuul.d directory in sorted path order, recursively, only .yaml files',
      {
        'zuul.d/projects.yaml': job,
        'zuul.d/01_jobs.yaml': job,
        'zuul.d/sub/pipelines.yaml': job,
        'zuul.d/notes.txt': 'x',
        'zuul.d/02_jobs.yml': job,
      },
      ['zuul.d/01_jobs.yaml', 'zuul.d/projects.yaml', 'zuul.d/sub/pipelines.yaml'],
      'zuul.d',
      [],
    ],
    [
      'subdirectories holding a .zuul.ignore pruned',
      {
        '.zuul.d/jobs.yaml': job,
        '.zuul.d/playbooks/.zuul.ignore': '',
        '.zuul.d/playbooks/run.yaml': '- hosts: all\n',
      },
      ['.zuul.d/jobs.yaml'],
      '.zuul.d',
      [],
    ],
    [
      'the first root found, the others ignored (Zuul order zuul.yaml, zuul.d, .zuul.yaml, .zuul.d)',
      { '.zuul.yaml': job, 'zuul.d/a.yaml': job, '.zuul.d/b.yaml': job },
      ['zuul.d/a.yaml'],
      'zuul.d',
      ['.zuul.yaml', '.zuul.d/b.yaml'],
    ],
    ['empty files not counting', { 'zuul.yaml': '', '.zuul.yaml': job }, ['.zuul.yaml'], '.zuul.yaml', []],
    [
      'extra-config-paths after the standard configuration',
      { '.zuul.yaml': job, 'zuul-extra.yaml': job, 'extra.d/b.yaml': job, 'extra.d/a.yaml': job },
      ['.zuul.yaml', 'zuul-extra.yaml', 'extra.d/a.yaml', 'extra.d/b.yaml'],
      '.zuul.yaml',
      [],
      ['zuul-extra.yaml', 'extra.d/'],
    ],
  ];
  for (const [what, files, expected, root, ignored, extra] of cases) {
    it(`selects ${what}`, () => {
      assert.deepEqual(selectConfigFiles(files, extra), { files: expected, root, ignored });
    });
  }
});
