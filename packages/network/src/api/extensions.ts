// /v2.0/extensions: exactly the API extensions nubo's Networking implements (clients such as the openstack CLI and
// Tempest decide what to call from this list), the core ones here and the L3/security group ones beside their routes.
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import { notFound } from '../errors.js';
import { type ExtensionDescriptor, l3Extensions } from './l3-extensions.js';

function extension(alias: string, name: string, description: string, updated: string): ExtensionDescriptor {
  return { alias, name, description, updated, links: [] };
}

const coreExtensions: ExtensionDescriptor[] = [
  extension(
    'external-net',
    'Neutron external network',
    'Adds external network attribute to network resource.',
    '2013-01-14T10:00:00-00:00',
  ),
  extension(
    'provider',
    'Provider Network',
    'Expose mapping of virtual networks to physical networks',
    '2012-09-07T10:00:00-00:00',
  ),
  extension(
    'network-mtu',
    'Network MTU',
    'Provides MTU attribute for a network resource.',
    '2015-03-25T10:00:00-00:00',
  ),
  extension(
    'network-mtu-writable',
    'Network MTU (writable)',
    'Provides a writable MTU attribute for a network resource.',
    '2017-07-12T00:00:00-00:00',
  ),
  extension('port-security', 'Port Security', 'Provides port security', '2012-07-23T10:00:00-00:00'),
  extension(
    'allowed-address-pairs',
    'Allowed Address Pairs',
    'Provides allowed address pairs',
    '2013-07-23T10:00:00-00:00',
  ),
  extension(
    'binding',
    'Port Binding',
    'Expose port bindings of a virtual port to external application',
    '2014-02-03T10:00:00-00:00',
  ),
  extension(
    'project-id',
    'project_id field enabled',
    'Extension that indicates that project_id field is enabled.',
    '2016-09-09T09:09:09-09:09',
  ),
  extension(
    'quotas',
    'Quota management support',
    'Expose functions for quotas management per project',
    '2012-07-29T10:00:00-00:00',
  ),
  extension(
    'quota_details',
    'Quota details management support',
    'Expose functions for quotas usage statistics per project',
    '2017-02-10T10:00:00-00:00',
  ),
  extension(
    'standard-attr-description',
    'standard-attr-description',
    'Extension to add descriptions to standard attributes',
    '2016-02-10T10:00:00-00:00',
  ),
  extension(
    'standard-attr-revisions',
    'Resource revision numbers',
    'This extension will display the revision number of neutron resources.',
    '2016-04-11T10:00:00-00:00',
  ),
  extension(
    'standard-attr-timestamp',
    'Resource timestamps',
    'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes.',
    '2016-09-12T10:00:00-00:00',
  ),
  extension(
    'pagination',
    'Pagination support',
    'Extension that indicates that pagination is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
  extension(
    'sorting',
    'Sorting support',
    'Extension that indicates that sorting is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
];

/** Every extension served, core first. */
export const EXTENSIONS: readonly ExtensionDescriptor[] = [...coreExtensions, ...l3Extensions].filter(
  (e, i, all) => all.findIndex((o) => o.alias === e.alias) === i,
);

export function extensionRoutes(scope: FastifyInstance, _ctx: NetworkContext): void {
  scope.get('/v2.0/extensions', async () => ({ extensions: EXTENSIONS }));
  scope.get('/v2.0/extensions/:alias', async (request) => {
    const { alias } = request.params as { alias: string };
    const found = EXTENSIONS.find((e) => e.alias === alias);
    if (!found) throw notFound('Extension', alias);
    return { extension: found };
  });
}
