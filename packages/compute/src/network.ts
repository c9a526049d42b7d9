// Networking as Compute sees it (Nova's nova/network/neutron.py): the API validates the networks and ports a server
// asks for with the caller's token; the agent creates and binds the server's ports before it spawns, reads them
// back as the server's network info (its `addresses`), and deletes them when the server goes. Through the sdk, as
// the nova service user; when the catalog has no `network` service, servers simply have no networks.
import { BadRequest, Conflict } from '@nubo/core';
import { ApiError, type Session } from '@nubo/sdk';

/** One network or port a server asks for, as resolved by the API (Nova's NetworkRequest). */
export interface RequestedNetwork {
  networkId?: string;
  portId?: string;
  fixedIp?: string;
  tag?: string;
}

/** A subnet as the guest needs it (DHCP, routes, network_data.json). */
export interface VifSubnet {
  id: string;
  cidr: string;
  ipVersion: number;
  gatewayIp: string | null;
  dnsNameservers: string[];
  enableDhcp: boolean;
}

/** One port of a server (Nova's VIF in the instance's network info cache). */
export interface Vif {
  portId: string;
  networkId: string;
  networkName: string;
  mac: string;
  mtu: number | null;
  fixedIps: { address: string; subnetId: string; version: 4 | 6 }[];
  floatingIps: string[];
  subnets: VifSubnet[];
  /** A port the user gave (kept, only unbound, when the server is deleted). */
  preserveOnDelete: boolean;
}

/** What a server's ports are created with. */
export interface AllocationTarget {
  instanceId: string;
  projectId: string;
  host: string;
  availabilityZone: string | null;
}

export interface NetworkApi {
  /** Whether the cloud has a Networking service (its catalog lists `network`). */
  available(): Promise<boolean>;
  /**
   * Checks what a create asks for with the caller's token and resolves it (Nova's validate_networks): `none` or
   * nothing to attach gives []; omitted networks mean the one network the project can use.
   */
  resolve(token: string, projectId: string, networks: unknown, securityGroups: string[]): Promise<RequestedNetwork[]>;
  /** Creates (or adopts, when retried) and binds the server's ports; their network info. */
  allocate(target: AllocationTarget, requested: RequestedNetwork[], securityGroups: string[]): Promise<Vif[]>;
  /** The server's ports as they are now (floating IPs included). */
  refresh(instanceId: string, known: Vif[]): Promise<Vif[]>;
  /** Deletes the ports Compute made and unbinds those the user gave. Idempotent. */
  deallocate(instanceId: string, known: Vif[]): Promise<void>;
}

type Doc = Record<string, unknown>;
const AVAILABILITY_TTL_MS = 30_000;

function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/** Parses a create's `networks` as the API validated it (list of {uuid, port, fixed_ip, tag}, 'auto', 'none'). */
function requestedOf(networks: unknown): RequestedNetwork[] | 'auto' | 'none' | undefined {
  if (networks === 'auto' || networks === 'none') return networks;
  if (!Array.isArray(networks)) return undefined;
  return networks.map((n: Doc) => ({
    ...(typeof n.uuid === 'string' ? { networkId: n.uuid } : {}),
    ...(typeof n.port === 'string' ? { portId: n.port } : {}),
    ...(typeof n.fixed_ip === 'string' ? { fixedIp: n.fixed_ip } : {}),
    ...(typeof n.tag === 'string' ? { tag: n.tag } : {}),
  }));
}

/** Neutron through the sdk: `session()` is the nova service user's; `token` calls act as the caller. */
export function neutronNetworkApi(session: () => Session): NetworkApi {
  let known: { at: number; value: boolean } | undefined;
  const call = async <T = Doc>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const options = {
      ...(body === undefined ? {} : { body }),
      ...(token ? { headers: { 'x-auth-token': token } } : {}),
    };
    return (await session().request<T>('network', method, path, options)).data;
  };
  const query = (name: string, values: string[]) => values.map((v) => `${name}=${encodeURIComponent(v)}`).join('&');

  /** Networks a project can attach to without naming one (Nova's _get_available_networks): its own and shared. */
  async function usableNetworks(token: string, projectId: string): Promise<Doc[]> {
    // One list as the caller: its own, shared and external networks; an external one is not attached to by default.
    const { networks } = await call<{ networks: Doc[] }>(
      'GET',
      '/v2.0/networks?fields=id&fields=project_id&fields=shared&fields=router:external',
      undefined,
      token,
    );
    return networks.filter((n) => n['router:external'] !== true && (n.project_id === projectId || n.shared === true));
  }

  async function securityGroupIds(projectId: string, names: string[], token?: string): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const { security_groups: groups } = await call<{ security_groups: Doc[] }>(
        'GET',
        `/v2.0/security-groups?project_id=${projectId}&${query('name', [name])}`,
        undefined,
        token,
      );
      // A group may also be named by id, as Nova accepts.
      const match =
        groups[0] ??
        (await call<{ security_group: Doc }>(
          'GET',
          `/v2.0/security-groups/${encodeURIComponent(name)}`,
          undefined,
          token,
        )
          .then((r) => r.security_group)
          .catch(() => undefined));
      if (!match) throw new BadRequest(`Security group ${name} not found for project ${projectId}.`);
      ids.push(String(match.id));
    }
    return ids;
  }

  async function portsOf(instanceId: string): Promise<Doc[]> {
    return (await call<{ ports: Doc[] }>('GET', `/v2.0/ports?device_id=${instanceId}`)).ports;
  }

  async function vifsOf(ports: Doc[], preserved: Set<string>): Promise<Vif[]> {
    if (ports.length === 0) return [];
    const networkIds = [...new Set(ports.map((p) => String(p.network_id)))];
    const [{ networks }, { subnets }, { floatingips }] = await Promise.all([
      call<{ networks: Doc[] }>('GET', `/v2.0/networks?${query('id', networkIds)}`),
      call<{ subnets: Doc[] }>('GET', `/v2.0/subnets?${query('network_id', networkIds)}`),
      call<{ floatingips: Doc[] }>(
        'GET',
        `/v2.0/floatingips?${query(
          'port_id',
          ports.map((p) => String(p.id)),
        )}`,
      ),
    ]);
    const networkById = new Map(networks.map((n) => [String(n.id), n]));
    return ports.map((port) => {
      const network = networkById.get(String(port.network_id));
      const fixedIps = ((port.fixed_ips as Doc[] | undefined) ?? []).map((ip) => ({
        address: String(ip.ip_address),
        subnetId: String(ip.subnet_id),
        version: (String(ip.ip_address).includes(':') ? 6 : 4) as 4 | 6,
      }));
      const used = new Set(fixedIps.map((ip) => ip.subnetId));
      return {
        portId: String(port.id),
        networkId: String(port.network_id),
        networkName: String(network?.name ?? port.network_id),
        mac: String(port.mac_address),
        mtu: typeof network?.mtu === 'number' ? network.mtu : null,
        fixedIps,
        floatingIps: floatingips.filter((f) => f.port_id === port.id).map((f) => String(f.floating_ip_address)),
        subnets: subnets
          .filter((s) => used.has(String(s.id)))
          .map((s) => ({
            id: String(s.id),
            cidr: String(s.cidr),
            ipVersion: Number(s.ip_version),
            gatewayIp: typeof s.gateway_ip === 'string' ? s.gateway_ip : null,
            dnsNameservers: (s.dns_nameservers as string[] | undefined) ?? [],
            enableDhcp: s.enable_dhcp !== false,
          })),
        preserveOnDelete: preserved.has(String(port.id)),
      };
    });
  }

  return {
    async available() {
      if (known && Date.now() - known.at < AVAILABILITY_TTL_MS) return known.value;
      const value = await session()
        .endpoint('network')
        .then(() => true)
        .catch(() => false);
      known = { at: Date.now(), value };
      return value;
    },

    async resolve(token, projectId, networks, securityGroups) {
      const requested = requestedOf(networks);
      if (requested === 'none') return [];
      if (!(await this.available())) {
        if (requested === undefined) return [];
        throw new BadRequest('Networking is not available in this cloud: boot with "networks": "none".');
      }
      // The project's `default` group always exists (Networking makes it on first use); others are looked up.
      const named = securityGroups.filter((g) => g !== 'default');
      if (named.length > 0) await securityGroupIds(projectId, named, token);
      if (requested === undefined || requested === 'auto') {
        const usable = await usableNetworks(token, projectId);
        if (usable.length > 1) {
          throw new Conflict('Multiple possible networks found, use a Network ID to be more specific.');
        }
        if (usable.length === 0 && requested === 'auto') {
          throw new BadRequest(`Unable to automatically allocate a network for project ${projectId}`);
        }
        return usable.map((n) => ({ networkId: String(n.id) }));
      }
      for (const r of requested) {
        if (r.portId) {
          const port = await call<{ port: Doc }>('GET', `/v2.0/ports/${r.portId}`, undefined, token).catch((err) => {
            if (isNotFound(err)) throw new BadRequest(`Port id ${r.portId} could not be found.`);
            throw err;
          });
          if (port.port.device_id) throw new Conflict(`Port ${r.portId} is still in use.`);
        } else if (r.networkId) {
          await call('GET', `/v2.0/networks/${r.networkId}`, undefined, token).catch((err) => {
            if (isNotFound(err)) throw new BadRequest(`Network ${r.networkId} could not be found.`);
            throw err;
          });
        }
      }
      return requested;
    },

    async allocate(target, requested, securityGroups) {
      const existing = await portsOf(target.instanceId);
      const preserved = new Set(requested.flatMap((r) => (r.portId ? [r.portId] : [])));
      if (existing.length < requested.length) {
        const groups = await securityGroupIds(target.projectId, securityGroups);
        const binding = {
          device_id: target.instanceId,
          device_owner: `compute:${target.availabilityZone ?? 'nova'}`,
          'binding:host_id': target.host,
        };
        const have = new Set(existing.map((p) => String(p.id)));
        // A retried allocation finds the ports it made by device_id; it only makes the ones still missing.
        const madeOnNetwork = new Map<string, number>();
        for (const p of existing)
          madeOnNetwork.set(String(p.network_id), (madeOnNetwork.get(String(p.network_id)) ?? 0) + 1);
        for (const r of requested) {
          if (r.portId) {
            if (have.has(r.portId)) continue;
            const { port } = await call<{ port: Doc }>('PUT', `/v2.0/ports/${r.portId}`, { port: binding });
            existing.push(port);
          } else if (r.networkId) {
            const left = madeOnNetwork.get(r.networkId) ?? 0;
            if (left > 0) {
              madeOnNetwork.set(r.networkId, left - 1);
              continue;
            }
            const { port } = await call<{ port: Doc }>('POST', '/v2.0/ports', {
              port: {
                ...binding,
                network_id: r.networkId,
                project_id: target.projectId,
                security_groups: groups,
                ...(r.fixedIp ? { fixed_ips: [{ ip_address: r.fixedIp }] } : {}),
              },
            });
            existing.push(port);
          }
        }
      }
      return vifsOf(existing, preserved);
    },

    async refresh(instanceId, knownVifs) {
      const preserved = new Set(knownVifs.filter((v) => v.preserveOnDelete).map((v) => v.portId));
      return vifsOf(await portsOf(instanceId), preserved);
    },

    async deallocate(instanceId, knownVifs) {
      if (!(await this.available())) return;
      const preserved = new Set(knownVifs.filter((v) => v.preserveOnDelete).map((v) => v.portId));
      for (const port of await portsOf(instanceId)) {
        const id = String(port.id);
        const request = preserved.has(id)
          ? call('PUT', `/v2.0/ports/${id}`, { port: { device_id: '', device_owner: '', 'binding:host_id': '' } })
          : call('DELETE', `/v2.0/ports/${id}`);
        await request.catch((err) => {
          if (!isNotFound(err)) throw err;
        });
      }
    },
  };
}

/** Compute without Networking (tests, or a cloud without Neutron): servers have no ports. */
export const noNetworkApi: NetworkApi = {
  available: async () => false,
  resolve: async (_token, _project, networks) => {
    const requested = requestedOf(networks);
    if (requested === undefined || requested === 'none' || requested === 'auto') return [];
    throw new BadRequest('Networking is not available in this cloud: boot with "networks": "none".');
  },
  allocate: async () => [],
  refresh: async () => [],
  deallocate: async () => undefined,
};

/** Nova's `addresses` of a server from its ports: fixed addresses, then the floating ones, per network name. */
export function addressesOf(vifs: readonly Vif[]): Record<string, Doc[]> {
  const out: Record<string, Doc[]> = {};
  for (const vif of vifs) {
    const list = out[vif.networkName] ?? [];
    out[vif.networkName] = list;
    for (const ip of vif.fixedIps) {
      list.push({
        version: ip.version,
        addr: ip.address,
        'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': vif.mac,
      });
    }
    for (const address of vif.floatingIps) {
      list.push({ version: 4, addr: address, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': vif.mac });
    }
  }
  return out;
}

/** Whether a server asked for or holds ports, so that deleting it has Networking work to do. */
export function hasNetworking(spec: { requested_networks?: RequestedNetwork[]; network_info?: Vif[] }): boolean {
  return (spec.requested_networks?.length ?? 0) > 0 || (spec.network_info?.length ?? 0) > 0;
}
