// Checks the references between a layout's objects: parents, nodesets, semaphores, secrets, dependencies, cycles.
import { EXECUTION_ATTRIBUTES, type Job, yamlAttributeName } from '../model/job.js';
import type { Layout } from '../model/layout.js';
import type { Nodeset } from '../model/nodeset.js';
import type { ProjectPipelineConfig } from '../model/project-pipeline.js';
import type { SourceContext } from '../model/source-context.js';
import type { SourcePosition } from '../model/source-position.js';
import { findCycles } from './find-cycles.js';
import type { Reporter } from './reporter.js';

/**
 * Appends to `reporter` every broken reference of the layout, as Zuul's validateReferences and
 * _validateProjectPipelineConfigs do, plus cycle checks done up front: an inheritance cycle, or a dependency cycle
 * among job definitions, is reported at the job that closes it.
 */
export function validateLayout(layout: Layout, reporter: Reporter): void {
  const at = (source: SourceContext) => reporter.forOrigin({ project: source.project, branch: source.branch });
  for (const nodeset of layout.nodesets.values()) {
    for (const alt of nodeset.alternatives) {
      if (typeof alt === 'string' && !layout.nodesets.has(alt)) {
        at(nodeset.source).error(nodeset.pos, `nodeset '${nodeset.name}' names unknown alternative nodeset '${alt}'`);
      }
    }
  }
  const altCycles = findCycles([...layout.nodesets.keys()], (n) =>
    (layout.nodesets.get(n)?.alternatives ?? []).filter((a): a is string => typeof a === 'string'),
  );
  for (const cycle of altCycles) {
    const ns = layout.nodesets.get(cycle[0]!)!;
    at(ns.source).error(ns.pos, `nodeset '${ns.name}' has an alternatives cycle: ${cycle.join(' -> ')}`);
  }

  for (const variants of layout.jobs.values()) {
    variants.forEach((job, i) => {
      checkParent(layout, job, at(job.source));
      checkReferences(layout, job, at(job.source));
      checkFinalVariant(variants.slice(0, i), job, at(job.source));
    });
  }
  checkCycles(layout, at);

  const checkedTemplates = new Set<string>();
  for (const [project, configs] of layout.projectConfigs) {
    for (const pc of configs) {
      const r = at(pc.source);
      for (const name of pc.templates) {
        const templates = layout.projectTemplates.get(name);
        if (!templates) {
          r.error(pc.pos, `project '${project}' uses unknown project-template '${name}'`);
          continue;
        }
        for (const t of templates) {
          const key = `${t.source.project}@${t.source.branch}:${t.pos.file}:${t.pos.line}`;
          if (checkedTemplates.has(key)) continue;
          checkedTemplates.add(key);
          for (const ppc of t.pipelines)
            checkProjectPipeline(layout, `project-template '${t.name}'`, ppc, at(t.source));
        }
      }
      for (const ppc of pc.pipelines) checkProjectPipeline(layout, `project '${project}'`, ppc, r);
    }
  }
}

function checkParent(layout: Layout, job: Job, r: Reporter) {
  if (job.parent === null || job.inProjectPipeline) return;
  const defaultParent = job.parent === undefined;
  const parentName = job.parent ?? layout.tenant.defaultParent;
  if (defaultParent && parentName === job.name) return;
  const pos = job.attributePositions.parent ?? job.pos;
  const parents = layout.jobs.get(parentName);
  if (!parents) {
    const why = defaultParent ? ' (the tenant default-parent)' : '';
    r.error(pos, `job '${job.name}' has unknown parent '${parentName}'${why}`);
    return;
  }
  // As Zuul: only an error when no variant of the parent could do, since non-matching variants may not apply.
  if (parents.every((p) => p.final)) r.error(pos, `job '${job.name}' may not inherit from final job '${parentName}'`);
  if (parents.every((p) => p.intermediate) && !job.abstract) {
    r.error(pos, `job '${job.name}' inherits from intermediate job '${parentName}' and must be abstract`);
  }
  if (parents.every((p) => p.protected) && parents[0]!.source.project !== job.source.project) {
    r.error(
      pos,
      `job '${job.name}' may not inherit from protected job '${parentName}' of project '${parents[0]!.source.project}'`,
    );
  }
}

function checkReferences(layout: Layout, job: Job, r: Reporter) {
  const posOf = (attr: string) => job.attributePositions[attr] ?? job.pos;
  if (typeof job.nodeset === 'string' && !layout.nodesets.has(job.nodeset)) {
    r.error(posOf('nodeset'), `job '${job.name}' uses unknown nodeset '${job.nodeset}'`);
  } else if (job.nodeset !== undefined) {
    const max = layout.tenant.maxNodesPerJob;
    for (const ns of flattenNodeset(layout, job.nodeset)) {
      const count = ns.nodes.length;
      if (max !== -1 && count > max) {
        r.error(
          posOf('nodeset'),
          `job '${job.name}' requests ${count} nodes, more than the tenant's max-nodes-per-job ${max}`,
        );
      }
    }
  }
  // Zuul would create an implicit semaphore (max 1) for an undefined name; nubo asks for a definition, so that a typo
  // is reported instead of silently serialising the job.
  for (const s of job.semaphores ?? []) {
    if (!layout.semaphores.has(s.name)) r.error(s.pos, `job '${job.name}' uses unknown semaphore '${s.name}'`);
  }
  for (const pb of [...(job.preRun ?? []), ...(job.run ?? []), ...(job.postRun ?? []), ...(job.cleanupRun ?? [])]) {
    for (const name of pb.semaphores) {
      if (!layout.semaphores.has(name)) r.error(pb.pos, `job '${job.name}' uses unknown semaphore '${name}'`);
    }
  }
  for (const use of job.secrets ?? []) {
    const secret = layout.secrets.get(use.secret);
    if (!secret) r.error(use.pos, `job '${job.name}' uses unknown secret '${use.secret}'`);
    else if (secret.source.project !== job.source.project) {
      r.error(
        use.pos,
        `job '${job.name}' uses secret '${use.secret}' of project '${secret.source.project}'; a secret is only for jobs of its own project`,
      );
    }
  }
  for (const dep of job.dependencies?.value ?? []) {
    if (!layout.jobs.has(dep.name)) r.error(dep.pos, `job '${job.name}' depends on unknown job '${dep.name}'`);
  }
}

/** A nodeset's alternatives, flattened depth-first as Zuul's flattenAlternatives (cycles and unknown names skipped). */
export function flattenNodeset(layout: Layout, nodeset: string | Nodeset, seen: Set<Nodeset> = new Set()): Nodeset[] {
  const ns = typeof nodeset === 'string' ? layout.nodesets.get(nodeset) : nodeset;
  if (!ns || seen.has(ns)) return [];
  seen.add(ns);
  if (ns.alternatives.length === 0) return [ns];
  return ns.alternatives.flatMap((alt) => flattenNodeset(layout, alt, seen));
}

function branchesOverlap(a: Job, b: Job): boolean {
  if (!a.branches || !b.branches) return true;
  return a.branches.some((x) => b.branches!.some((y) => x.regex === y.regex && x.negate === y.negate));
}

/** The execution attributes a variant sets, as YAML names. */
function executionAttributesSet(job: Job): string[] {
  return EXECUTION_ATTRIBUTES.filter(
    (k) => job[k] !== undefined && !(k === 'roles' && job.roles!.every((r) => r.implicit)),
  ).map(yamlAttributeName);
}

function checkFinalVariant(earlier: readonly Job[], job: Job, r: Reporter) {
  const final = earlier.find((v) => v.final && branchesOverlap(v, job));
  if (!final) return;
  const changed = executionAttributesSet(job);
  if (changed.length > 0) {
    r.error(job.pos, `job '${job.name}' is final; a variant may not change ${changed.map((c) => `'${c}'`).join(', ')}`);
  }
}

function checkCycles(layout: Layout, at: (source: SourceContext) => Reporter) {
  const names = [...layout.jobs.keys()];
  const parentsOf = (name: string) => {
    const parents = new Set<string>();
    for (const v of layout.jobs.get(name) ?? []) {
      if (v.parent === null) continue;
      const p = v.parent ?? layout.tenant.defaultParent;
      if (p !== name && layout.jobs.has(p)) parents.add(p);
    }
    return [...parents];
  };
  const report = (cycle: string[], kind: string, attr: string) => {
    const job = layout.jobs.get(cycle[0]!)![0]!;
    const pos: SourcePosition = job.attributePositions[attr] ?? job.pos;
    at(job.source).error(pos, `job '${job.name}' has ${kind} cycle: ${cycle.join(' -> ')}`);
  };
  for (const cycle of findCycles(names, parentsOf)) report(cycle, 'an inheritance', 'parent');
  const depsOf = (name: string) => [
    ...new Set((layout.jobs.get(name) ?? []).flatMap((v) => (v.dependencies?.value ?? []).map((d) => d.name))),
  ];
  for (const cycle of findCycles(names, depsOf)) report(cycle, 'a dependency', 'dependencies');
}

function checkProjectPipeline(layout: Layout, subject: string, ppc: ProjectPipelineConfig, r: Reporter) {
  if (!layout.pipelines.has(ppc.pipeline)) r.warning(ppc.pos, `${subject} names unknown pipeline '${ppc.pipeline}'`);
  for (const entry of ppc.jobs) {
    const variants = layout.jobs.get(entry.name);
    if (!variants) {
      r.error(entry.pos, `${subject} runs unknown job '${entry.name}' in pipeline '${ppc.pipeline}'`);
      continue;
    }
    checkReferences(layout, entry, r);
    const changed = executionAttributesSet(entry);
    if (changed.length === 0) continue;
    const list = changed.map((c) => `'${c}'`).join(', ');
    if (variants.every((v) => v.final)) {
      r.error(
        entry.pos,
        `job '${entry.name}' is final; ${subject} may not change ${list} in pipeline '${ppc.pipeline}'`,
      );
    } else if (variants.every((v) => v.protected) && variants[0]!.source.project !== entry.source.project) {
      r.error(
        entry.pos,
        `job '${entry.name}' is protected; ${subject} may not change ${list} in pipeline '${ppc.pipeline}'`,
      );
    }
  }
}
