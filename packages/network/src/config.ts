// The `network` section of nubo.yaml.
import { type Static, Type } from 'typebox';

/** The `network` section of nubo.yaml, with a default and help for every field. */
export const networkSection = Type.Object({
  globalPhysnetMtu: Type.Integer({
    default: 1500,
    minimum: 68,
    description: 'MTU of the host links networks sit on (Neutron [DEFAULT] global_physnet_mtu).',
  }),
  tenantNetworkOverhead: Type.Integer({
    default: 50,
    minimum: 0,
    description:
      'Bytes a project network loses to encapsulation; its MTU is globalPhysnetMtu minus this (VXLAN over IPv4).',
  }),
  defaultQuotas: Type.Object(
    {
      network: Type.Integer({ default: 100, minimum: -1 }),
      subnet: Type.Integer({ default: 100, minimum: -1 }),
      port: Type.Integer({ default: 500, minimum: -1 }),
      router: Type.Integer({ default: 10, minimum: -1 }),
      floatingip: Type.Integer({ default: 50, minimum: -1 }),
      security_group: Type.Integer({ default: 10, minimum: -1 }),
      security_group_rule: Type.Integer({ default: 100, minimum: -1 }),
    },
    {
      default: {},
      description: 'Per-project limits before an admin sets others (Neutron [quotas] quota_*); -1 is unlimited.',
    },
  ),
  dnsDomain: Type.String({ default: 'openstacklocal.', description: 'Neutron [DEFAULT] dns_domain.' }),
});

/** The compiled `network` section. */
export type NetworkConfig = Static<typeof networkSection>;
