// A small real tenant for the API and status-page tests: check and gate pipelines, a few jobs with variants and a
// template, two projects, and one configuration error (a job naming a parent that does not exist).
import { simpleLayout } from '../../freeze/fixtures/inline-tenant.js';
import type { Layout } from '../../model/layout.js';

const CONFIG = `
- job:
    name: tox
    description: Runs tox.
    run: playbooks/tox.yaml
    tags: [python]
- job:
    name: tox
    branches: stable/.*
    vars:
      python: '3.9'
- job:
    name: lint
    run: playbooks/lint.yaml
    voting: false
- project-template:
    name: python-jobs
    check:
      jobs: [tox]
- project:
    name: org/other
    check:
      jobs: [lint, tox]
    gate:
      jobs: [lint]
`;

const PROJECT = `
- project:
    templates: [python-jobs]
    queue: integrated
    check:
      jobs:
        - lint
    gate:
      jobs:
        - tox
- job:
    name: docs
    parent: no-such-parent
    run: playbooks/docs.yaml
`;

/** The tenant `test` with org/config (trusted), org/project and org/other. */
export function sampleLayout(): Layout {
  return simpleLayout(CONFIG, PROJECT, { 'org/other': { branches: { master: {} } } });
}
