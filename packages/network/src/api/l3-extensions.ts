// The API extensions the security group, router and floating IP routes implement, as GET /v2.0/extensions lists
// them (names, descriptions and timestamps from the neutron-lib api definitions).

/** One extension, in Neutron's shape. */
export interface ExtensionDescriptor {
  alias: string;
  name: string;
  description: string;
  updated: string;
  links: never[];
}

function extension(alias: string, name: string, description: string, updated: string): ExtensionDescriptor {
  return { alias, name, description, updated, links: [] };
}

/** Only what the routes really do: no DVR, HA, availability zones, address groups or port forwarding. */
export const l3Extensions: ExtensionDescriptor[] = [
  extension('security-group', 'security-group', 'The security groups extension.', '2012-10-05T10:00:00-00:00'),
  extension(
    'stateful-security-group',
    'Stateful security group',
    'Indicates if the security group is stateful or not',
    '2019-11-26T09:00:00-00:00',
  ),
  extension(
    'security-groups-normalized-cidr',
    'Normalized CIDR field for security group rules',
    'Add new field with normalized remote_ip_prefix cidr in SG rule',
    '2020-07-28T10:00:00-00:00',
  ),
  extension(
    'security-groups-shared-filtering',
    'Security group filtering on the shared field',
    'Support filtering security groups on the shared field',
    '2021-10-05T09:00:00-00:00',
  ),
  extension(
    'security-groups-rules-belongs-to-default-sg',
    "Security group rule belongs to the project's default security group",
    "Flag to determine if the security group rule belongs to the project's default security group",
    '2023-05-23T10:00:00-00:00',
  ),
  extension(
    'router',
    'Neutron L3 Router',
    'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
    '2012-07-20T10:00:00-00:00',
  ),
  extension(
    'ext-gw-mode',
    'Neutron L3 Configurable external gateway mode',
    'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
    '2013-03-28T10:00:00-00:00',
  ),
  extension(
    'extraroute',
    'Neutron Extra Route',
    'Extra routes configuration for L3 router',
    '2013-02-01T10:00:00-00:00',
  ),
  extension(
    'extraroute-atomic',
    'Atomically add/remove extra routes',
    'Edit extra routes of a router on server side by atomically adding/removing extra routes',
    '2019-07-10T00:00:00+00:00',
  ),
];
