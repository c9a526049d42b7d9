// ProjectInfo, BranchInfo and ConfigInfo.
import type { SubmitType } from '../../config.js';
import type { ProjectRow } from '../../db/tables.js';
import type { Branch } from '../../projects.js';

/** Gerrit's ProjectInfo; in a list the name is the map key and `description` only comes with `d`. */
export function projectInfo(
  project: ProjectRow,
  options: { description?: boolean; name?: boolean } = {},
): Record<string, unknown> {
  return {
    id: encodeURIComponent(project.name),
    ...(options.name !== false ? { name: project.name } : {}),
    ...(project.parent ? { parent: project.parent } : {}),
    ...(options.description !== false && project.description ? { description: project.description } : {}),
    state: project.state,
    web_links: [],
  };
}

/** Gerrit's BranchInfo (`can_delete` is false: nubo does not delete branches). */
export function branchInfo(branch: Branch): Record<string, unknown> {
  return {
    ref: branch.ref,
    revision: branch.revision,
    ...(branch.ref.startsWith('refs/heads/') ? { can_delete: false } : {}),
  };
}

/** Gerrit's ConfigInfo, the parts nubo keeps. */
export function configInfo(project: ProjectRow, defaultSubmitType: SubmitType): Record<string, unknown> {
  return {
    ...(project.description ? { description: project.description } : {}),
    use_contributor_agreements: { value: false, configured_value: 'FALSE', inherited_value: false },
    use_content_merge: { value: true, configured_value: 'INHERIT', inherited_value: true },
    require_change_id: { value: true, configured_value: 'TRUE', inherited_value: true },
    submit_type: project.submit_type,
    default_submit_type: {
      value: project.submit_type,
      configured_value: project.submit_type,
      inherited_value: defaultSubmitType,
    },
    state: project.state,
    max_object_size_limit: {},
    commentlinks: {},
    actions: {},
  };
}
