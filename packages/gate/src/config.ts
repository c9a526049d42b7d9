// The `gate` section of nubo.yaml.
import { Type } from 'typebox';

export const gateSection = Type.Object({
  tenantConfig: Type.String({
    default: '',
    description: "Zuul's tenant file (main.yaml); empty means <data dir>/gate/main.yaml. Without it the gate idles.",
  }),
  connectionName: Type.String({
    default: 'gerrit',
    description: 'The connection name tenant sources, triggers and reporters use for the review service.',
  }),
  reviewRepositoryDir: Type.String({
    default: '',
    description: "The review service's bare repositories; empty means <data dir>/review/git (its default).",
  }),
  mergerDir: Type.String({ default: '', description: "The merger's workspace; empty means <data dir>/gate/merger." }),
  logDir: Type.String({ default: '', description: 'Where build logs go; empty means <data dir>/gate/logs.' }),
  gitBinary: Type.String({ default: 'git', description: 'The git program the merger runs.' }),
  searchPath: Type.String({
    default: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    description: 'PATH given to git and ansible-playbook.',
  }),
  executor: Type.Union([Type.Literal('auto'), Type.Literal('ansible'), Type.Literal('fake')], {
    default: 'auto',
    description:
      "Which executor runs jobs: 'ansible' (ansible-playbook on nodes of the local provider), 'fake' (no job runs; a " +
      "job fails when `.fake-job-results` in the merged tree lists it: tests and benchmarks), or 'auto': 'ansible' " +
      "when ansible-playbook is on searchPath, else 'fake' with a warning in the log.",
  }),
  fakeExecutorDelayMs: Type.Integer({
    default: 0,
    minimum: 0,
    description: 'How long each build of the fake executor takes.',
  }),
});
