// Zuul's freeze-jobs routes: the job graph the gate would run for a project's branch in a pipeline
// (/pipeline/{p}/project/{project}/branch/{branch}/freeze-jobs) and one frozen job (…/freeze-job/{job}), computed
// from the current layout with no file list (every file matcher passes, as for a ref without files).
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { freezeJobGraph } from '../freeze/freeze-job-graph.js';
import { formatConfigError } from '../model/config-error.js';
import type { FrozenJob } from '../model/frozen-job.js';
import type { GateApiDeps } from './deps.js';
import { findProject } from './projects.js';
import { tenantLayout } from './tenant-guard.js';
import { plain } from './views/plain-values.js';

/** `<project>/branch/<branch>/freeze-jobs` or `…/freeze-job/<job>` (project and branch may contain slashes). */
const PATH = /^(.+?)\/branch\/(.+)\/(?:freeze-jobs|freeze-job\/([^/]+))$/;

function frozenJobView(job: FrozenJob): Record<string, unknown> {
  return {
    name: job.name,
    description: job.description,
    parents: [...job.parents],
    inheritance_path: [...job.inheritancePath],
    voting: job.voting,
    timeout: job.timeout,
    post_timeout: job.postTimeout,
    attempts: job.attempts,
    nodeset: { name: job.nodeset.name, nodes: job.nodeset.nodes, groups: job.nodeset.groups },
    dependencies: job.dependencies.map((d) => ({ name: d.name, soft: d.soft })),
    required_projects: job.requiredProjects.map((p) => ({
      project_name: p.name,
      override_branch: p.overrideBranch,
      override_checkout: p.overrideCheckout,
    })),
    vars: plain(job.vars),
    extra_vars: plain(job.extraVars),
    host_vars: plain(job.hostVars),
    group_vars: plain(job.groupVars),
    playbooks: [...job.preRun, ...job.run, ...job.postRun].map((p) => ({
      kind: p.kind,
      path: p.kind === 'playbook' ? p.body : null,
      project: p.project,
      branch: p.branch,
      trusted: p.trusted,
    })),
    tags: [...job.tags],
  };
}

export function freezeJobRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  scope.get<{ Params: { tenant: string; pipeline: string; '*': string } }>(
    '/api/tenant/:tenant/pipeline/:pipeline/project/*',
    { config: { public: true } },
    async (request) => {
      const { tenant, pipeline } = request.params;
      const layout = tenantLayout(deps.control, tenant);
      const match = PATH.exec(request.params['*']);
      if (!match) throw new NotFound('The resource could not be found.');
      const [, projectName, branch, jobName] = match;
      if (!layout?.pipelines.has(pipeline))
        throw new NotFound(`Pipeline ${pipeline} does not exist in tenant ${tenant}.`);
      const project = findProject(layout, tenant, projectName!);
      const result = freezeJobGraph(layout, { project: project.name, pipeline, branch: branch! });
      if (!result.participates) throw new NotFound(`Project ${project.name} has no jobs in pipeline ${pipeline}.`);
      if (result.errors.length > 0) throw new BadRequest(result.errors.map(formatConfigError).join('\n'));
      if (jobName === undefined) {
        return result.graph.jobs.map((j) => ({
          name: j.name,
          dependencies: j.dependencies.map((d) => ({ name: d.name, soft: d.soft })),
        }));
      }
      const job = result.graph.jobs.find((j) => j.name === jobName);
      if (!job) throw new NotFound(`Job ${jobName} is not in the job graph.`);
      return frozenJobView(job);
    },
  );
}
