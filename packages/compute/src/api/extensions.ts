// /extensions: Nova's v2.1 API keeps a frozen list of the old v2 extensions for clients that still ask. nubo lists
// only those whose API it serves, so a client that checks for one finds it works.
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { enforce } from './common.js';

/** [alias, name, description] of each served extension (Nova's extension_info names). */
const EXTENSIONS: readonly [string, string, string][] = [
  ['os-admin-actions', 'AdminActions', 'Enable admin-only server actions.'],
  ['os-aggregates', 'Aggregates', 'Admin-only aggregate administration.'],
  ['os-availability-zone', 'AvailabilityZone', '1. Add availability_zone to the Create Server API.'],
  ['os-console-output', 'ConsoleOutput', 'Console log output support, with tailing ability.'],
  ['os-create-backup', 'CreateBackup', 'Create a backup of a server.'],
  ['OS-DCF', 'DiskConfig', 'Disk Management Extension.'],
  ['OS-EXT-AZ', 'ExtendedAvailabilityZone', 'Extended Availability Zone support.'],
  ['OS-EXT-IMG-SIZE', 'ImageSize', 'Adds image size to image listings.'],
  ['OS-EXT-IPS', 'ExtendedIps', 'Adds type parameter to the ip list.'],
  ['OS-EXT-IPS-MAC', 'ExtendedIpsMac', 'Adds mac address parameter to the ip list.'],
  ['OS-EXT-SRV-ATTR', 'ExtendedServerAttributes', 'Extended Server Attributes support.'],
  ['OS-EXT-STS', 'ExtendedStatus', 'Extended Status support.'],
  ['os-flavor-access', 'FlavorAccess', 'Flavor access support.'],
  ['os-flavor-extra-specs', 'FlavorExtraSpecs', 'Flavors extra specs support.'],
  ['os-flavor-manage', 'FlavorManage', 'Flavor create/delete API support.'],
  ['os-hosts', 'Hosts', 'Admin-only host administration.'],
  ['os-hypervisors', 'Hypervisors', 'Admin-only hypervisor administration.'],
  ['os-instance-actions', 'InstanceActions', 'View a log of actions and events taken on an instance.'],
  ['os-instance_usage_audit_log', 'OSInstanceUsageAuditLog', 'Admin-only Task Log Monitoring.'],
  ['os-keypairs', 'Keypairs', 'Keypair Support.'],
  ['os-lock-server', 'LockServer', 'Enable lock/unlock server actions.'],
  ['os-migrate-server', 'MigrateServer', 'Enable migrate and live-migrate server actions.'],
  ['os-multiple-create', 'MultipleCreate', 'Allow multiple create in the Create Server v2.1 API.'],
  ['os-pause-server', 'PauseServer', 'Enable pause/unpause server actions.'],
  ['os-quota-sets', 'Quotas', 'Quotas management support.'],
  ['os-rescue', 'Rescue', 'Instance rescue mode.'],
  ['os-server-diagnostics', 'ServerDiagnostics', 'Allow Admins to view server diagnostics through server id.'],
  ['os-server-external-events', 'ServerExternalEvents', 'Server External Event Triggers.'],
  ['os-server-groups', 'ServerGroups', 'Server group support.'],
  ['os-server-password', 'ServerPassword', 'Server password support.'],
  ['os-server-tags', 'ServerTags', 'Server tags support.'],
  ['os-services', 'Services', 'Services support.'],
  ['os-shelve', 'Shelve', 'Instance shelve mode.'],
  ['os-simple-tenant-usage', 'SimpleTenantUsage', 'Simple tenant usage extension.'],
  ['os-suspend-server', 'SuspendServer', 'Enable suspend/resume server actions.'],
  ['OS-SRV-USG', 'ServerUsage', 'Adds launched_at and terminated_at on Servers.'],
  ['os-used-limits', 'UsedLimits', 'Provide data on limited resources that are being used.'],
  ['os-user-data', 'UserData', 'Add user_data to the Create Server API.'],
];

function extensionView(alias: string, name: string, description: string): Record<string, unknown> {
  return {
    alias,
    description,
    links: [],
    name,
    namespace: `http://docs.openstack.org/compute/ext/fake_xml`,
    updated: '2014-12-03T00:00:00Z',
  };
}

export function extensionRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/extensions', async (request) => {
    enforce(ctx, request, 'os_compute_api:extensions', {});
    return { extensions: EXTENSIONS.map(([alias, name, description]) => extensionView(alias, name, description)) };
  });
  scope.get('/v2.1/extensions/:alias', async (request) => {
    enforce(ctx, request, 'os_compute_api:extensions', {});
    const { alias } = request.params as { alias: string };
    const found = EXTENSIONS.find(([a]) => a === alias);
    if (!found) throw new NotFound('The resource could not be found.');
    return { extension: extensionView(...found) };
  });
}
