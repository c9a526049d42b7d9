// @nubo/network: Networking (Neutron v2.0) — networks, subnets, ports, security groups, routers, floating IPs.

export { networkSection } from './config.js';
export { createNetworkService, NETWORK_PREFIX, type NetworkService } from './plugin.js';
