// POST /servers/{id}/action: one handler per action name, each validate → find → authorize → start → answer, with
// Nova's status codes (202 mostly; 204 confirmResize; 200 rescue and os-getConsoleOutput).
import { BadRequest } from '@nubo/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../caller.js';
import type { ComputeContext } from '../context.js';
import type { InstanceRow } from '../db/tables.js';
import { checkInstanceState, checkLock } from '../instance-state.js';
import {
  consoleOutput,
  createServerImage,
  isExpectedLocker,
  lockServer,
  rebuildServer,
  resetServerState,
  resizeServer,
  shelveServer,
  startTask,
  TASK_ACTIONS,
  unlockServer,
} from '../server-actions.js';
import { deleteServer, getServer, loadServers } from '../servers.js';
import { atLeast, callerOf, canonicalIpv6, enforce, validBody } from './common.js';
import {
  consoleOutputBody,
  createBackupBody,
  createImageBody,
  lockBody,
  migrateBodies,
  rebootBody,
  rebuildBody,
  rescueBody,
  resetStateBody,
  resizeBody,
  unshelveBody,
} from './schemas/server-actions.js';
import { fullView, generatePassword, viewOptions } from './servers.js';

type Handler = (request: FastifyRequest, reply: FastifyReply, caller: Caller, serverId: string) => Promise<unknown>;

export function serverActionRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  /** Finds the server and enforces the action's rule against its project (Nova's order: 404, then 403). */
  const authorized = async (
    request: FastifyRequest,
    caller: Caller,
    id: string,
    rule: string,
  ): Promise<InstanceRow> => {
    const row = await getServer(ctx, caller, id);
    enforce(ctx, request, rule, { user_id: row.user_id, project_id: row.project_id });
    return row;
  };
  const accepted = (reply: FastifyReply) => {
    reply.code(202).send();
    return reply;
  };
  /** An action whose whole job is starting one of TASK_ACTIONS. */
  const task =
    (rule: string, spec: keyof typeof TASK_ACTIONS): Handler =>
    async (request, reply, caller, id) => {
      const row = await authorized(request, caller, id, rule);
      await startTask(ctx, caller, row, TASK_ACTIONS[spec]);
      return accepted(reply);
    };

  const handlers: Record<string, Handler> = {
    'os-start': task('os_compute_api:servers:start', 'start'),
    'os-stop': task('os_compute_api:servers:stop', 'stop'),
    pause: task('os_compute_api:os-pause-server:pause', 'pause'),
    unpause: task('os_compute_api:os-pause-server:unpause', 'unpause'),
    suspend: task('os_compute_api:os-suspend-server:suspend', 'suspend'),
    resume: task('os_compute_api:os-suspend-server:resume', 'resume'),
    unrescue: task('os_compute_api:os-unrescue', 'unrescue'),
    revertResize: task('os_compute_api:servers:revert_resize', 'revertResize'),
    shelveOffload: task('os_compute_api:os-shelve:shelve_offload', 'shelveOffload'),

    async reboot(request, reply, caller, id) {
      const type = validBody<{ reboot: { type: string } }>(request, rebootBody).reboot.type.toUpperCase();
      const row = await authorized(request, caller, id, 'os_compute_api:servers:reboot');
      await startTask(ctx, caller, row, type === 'HARD' ? TASK_ACTIONS.hardReboot : TASK_ACTIONS.softReboot, { type });
      return accepted(reply);
    },

    async migrate(request, reply, caller, id) {
      // Before 2.56 the body of migrate is not validated (Nova has no schema for it); from 2.56 it may name a host.
      const body = atLeast(request, '2.56')
        ? validBody<{ migrate: { host?: string | null } | null }>(request, migrateBodies).migrate
        : null;
      const row = await authorized(request, caller, id, 'os_compute_api:os-migrate-server:migrate');
      const host = body?.host ?? null;
      if (host !== null) {
        enforce(ctx, request, 'os_compute_api:os-migrate-server:migrate:host', { project_id: row.project_id });
      }
      await startTask(ctx, caller, row, TASK_ACTIONS.migrate, host ? { host } : {});
      return accepted(reply);
    },

    async confirmResize(request, reply, caller, id) {
      const row = await authorized(request, caller, id, 'os_compute_api:servers:confirm_resize');
      await startTask(ctx, caller, row, TASK_ACTIONS.confirmResize);
      // Nova answers 204 here for backwards compatibility (the api-ref says so).
      reply.code(204).send();
      return reply;
    },

    async resize(request, reply, caller, id) {
      const body = validBody<{ resize: { flavorRef: string | number; 'OS-DCF:diskConfig'?: string } }>(
        request,
        resizeBody,
      ).resize;
      const row = await authorized(request, caller, id, 'os_compute_api:servers:resize');
      const disk = body['OS-DCF:diskConfig'];
      await resizeServer(ctx, caller, row, String(body.flavorRef), disk === undefined ? undefined : disk === 'AUTO');
      return accepted(reply);
    },

    async rebuild(request, reply, caller, id) {
      const body = validBody<{ rebuild: Record<string, unknown> }>(request, rebuildBody).rebuild;
      const row = await authorized(request, caller, id, 'os_compute_api:servers:rebuild');
      if (atLeast(request, '2.63') && 'trusted_image_certificates' in body) {
        enforce(ctx, request, 'os_compute_api:servers:rebuild:trusted_certs', { project_id: row.project_id });
      }
      const password = typeof body.adminPass === 'string' ? body.adminPass : generatePassword();
      await rebuildServer(ctx, caller, row, {
        imageRef: String(body.imageRef),
        preserveEphemeral: body.preserve_ephemeral === true || body.preserve_ephemeral === 'true',
        ...(body.name !== undefined ? { name: String(body.name) } : {}),
        ...('description' in body ? { description: body.description as string | null } : {}),
        ...(body.metadata !== undefined ? { metadata: body.metadata as Record<string, string> } : {}),
        ...(body.accessIPv4 !== undefined ? { accessIPv4: String(body.accessIPv4) } : {}),
        ...(body.accessIPv6 !== undefined ? { accessIPv6: canonicalIpv6(String(body.accessIPv6)) } : {}),
        ...('key_name' in body ? { keyName: body.key_name as string | null } : {}),
        ...('user_data' in body ? { userData: body.user_data as string | null } : {}),
        ...('trusted_image_certificates' in body
          ? { trustedCerts: body.trusted_image_certificates as string[] | null }
          : {}),
        ...(body.hostname !== undefined ? { hostname: String(body.hostname) } : {}),
        ...(body['OS-DCF:diskConfig'] !== undefined ? { autoDiskConfig: body['OS-DCF:diskConfig'] === 'AUTO' } : {}),
      });
      const fresh = await getServer(ctx, caller, id);
      const [record] = await loadServers(ctx, [fresh]);
      const view = fullView(ctx, request, record!, await viewOptions(ctx, request, caller, fresh, true), 'rebuild');
      view.adminPass = password;
      if (atLeast(request, '2.57')) view.user_data = fresh.user_data;
      reply.code(202).header('location', `${ctx.baseUrl}/servers/${id}`);
      return { server: view };
    },

    async createImage(request, reply, caller, id) {
      const body = validBody<{ createImage: { name: string; metadata?: Record<string, string> } }>(
        request,
        createImageBody,
      ).createImage;
      const row = await authorized(request, caller, id, 'os_compute_api:servers:create_image');
      const imageId = await createServerImage(ctx, caller, row, body.name.trim(), body.metadata ?? {});
      reply.code(202);
      // From 2.45 the image id is in the body; before, only in the Location header (Glance's v1-style URL).
      if (atLeast(request, '2.45')) return { image_id: imageId };
      reply.header('location', `${ctx.baseUrl.replace(/\/compute\/v2\.1$/, '')}/image/images/${imageId}`);
      reply.send();
      return reply;
    },

    async createBackup(request, reply, caller, id) {
      const body = validBody<{
        createBackup: {
          name: string;
          backup_type: string;
          rotation: number | string;
          metadata?: Record<string, string>;
        };
      }>(request, createBackupBody).createBackup;
      const row = await authorized(request, caller, id, 'os_compute_api:os-create-backup');
      const rotation = Number(body.rotation);
      const imageId = await createServerImage(ctx, caller, row, body.name.trim(), body.metadata ?? {}, {
        type: body.backup_type,
        rotation,
      });
      reply.code(202);
      if (atLeast(request, '2.45')) return { image_id: imageId };
      // Before 2.45 the Location header names the image, unless rotation 0 deletes it at once.
      if (rotation > 0) {
        reply.header('location', `${ctx.baseUrl.replace(/\/compute\/v2\.1$/, '')}/image/images/${imageId}`);
      }
      reply.send();
      return reply;
    },

    async lock(request, reply, caller, id) {
      let reason: string | null = null;
      if (atLeast(request, '2.73')) {
        reason = validBody<{ lock: { locked_reason?: string } | null }>(request, lockBody).lock?.locked_reason ?? null;
      }
      const row = await authorized(request, caller, id, 'os_compute_api:os-lock-server:lock');
      await lockServer(ctx, caller, row, reason);
      return accepted(reply);
    },

    async unlock(request, reply, caller, id) {
      const row = await authorized(request, caller, id, 'os_compute_api:os-lock-server:unlock');
      // Only an admin may lift a lock someone of the other kind set (Nova's unlock_override).
      if (!isExpectedLocker(caller, row)) {
        enforce(ctx, request, 'os_compute_api:os-lock-server:unlock:unlock_override', { project_id: row.project_id });
      }
      await unlockServer(ctx, caller, row);
      return accepted(reply);
    },

    async rescue(request, reply, caller, id) {
      const body = validBody<{ rescue: { adminPass?: string; rescue_image_ref?: string } | null }>(
        request,
        rescueBody,
      ).rescue;
      const row = await authorized(request, caller, id, 'os_compute_api:os-rescue');
      const password = body?.adminPass ?? generatePassword();
      await startTask(ctx, caller, row, TASK_ACTIONS.rescue, {
        ...(body?.rescue_image_ref ? { rescue_image_ref: body.rescue_image_ref } : {}),
      });
      reply.code(200);
      return { adminPass: password };
    },

    async shelve(request, reply, caller, id) {
      const row = await authorized(request, caller, id, 'os_compute_api:os-shelve:shelve');
      await shelveServer(ctx, caller, row);
      return accepted(reply);
    },

    async unshelve(request, reply, caller, id) {
      type UnshelveArgs = { availability_zone?: string | null; host?: string } | null;
      const args: UnshelveArgs = atLeast(request, '2.77')
        ? validBody<{ unshelve: UnshelveArgs }>(request, unshelveBody).unshelve
        : null;
      const row = await authorized(request, caller, id, 'os_compute_api:os-shelve:unshelve');
      if (args?.host !== undefined) {
        enforce(ctx, request, 'os_compute_api:os-shelve:unshelve_to_host', { project_id: row.project_id });
      }
      await startTask(ctx, caller, row, TASK_ACTIONS.unshelve, {
        ...(args && 'availability_zone' in args ? { availability_zone: args.availability_zone } : {}),
        ...(args?.host !== undefined ? { host: args.host } : {}),
      });
      return accepted(reply);
    },

    async 'os-getConsoleOutput'(request, _reply, caller, id) {
      const length = validBody<{ 'os-getConsoleOutput': { length?: number | string | null } }>(
        request,
        consoleOutputBody,
      )['os-getConsoleOutput'].length;
      const row = await authorized(request, caller, id, 'os_compute_api:os-console-output');
      const lines = length === undefined || length === null || Number(length) === -1 ? undefined : Number(length);
      return { output: await consoleOutput(ctx, row, lines) };
    },

    async 'os-resetState'(request, reply, caller, id) {
      const { state } = validBody<{ 'os-resetState': { state: 'active' | 'error' } }>(request, resetStateBody)[
        'os-resetState'
      ];
      const row = await authorized(request, caller, id, 'os_compute_api:os-admin-actions:reset_state');
      await resetServerState(ctx, caller, row, state);
      return accepted(reply);
    },

    async forceDelete(request, reply, caller, id) {
      const row = await authorized(request, caller, id, 'os_compute_api:os-deferred-delete:force');
      checkLock(row, caller);
      checkInstanceState(row, 'forceDelete', { mustHaveLaunched: false });
      await deleteServer(ctx, caller, row);
      return accepted(reply);
    },

    async restore(request, reply, caller, id) {
      const row = await authorized(request, caller, id, 'os_compute_api:os-deferred-delete:restore');
      checkLock(row, caller);
      // nubo deletes at once (Nova's reclaim_instance_interval = 0), so no server is ever soft-deleted to restore.
      checkInstanceState(row, 'restore', { vmStates: ['soft-delete'] });
      return accepted(reply);
    },
  };

  scope.post('/v2.1/servers/:server_id/action', async (request, reply) => {
    const { server_id } = request.params as { server_id: string };
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
      throw new BadRequest('Malformed request body');
    }
    const name = Object.keys(body)[0]!;
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new BadRequest(`There is no such action: ${name}`);
    return handler(request, reply, callerOf(ctx, request), server_id);
  });
}
