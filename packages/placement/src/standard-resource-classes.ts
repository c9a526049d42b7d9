// The standard resource classes, as os-resource-classes lists them; custom ones start with CUSTOM_.

/** os-resource-classes STANDARDS, in its order (which is the order GET /resource_classes lists them in). */
export const STANDARD_RESOURCE_CLASSES: readonly string[] = [
  'VCPU',
  'MEMORY_MB',
  'DISK_GB',
  'PCI_DEVICE',
  'SRIOV_NET_VF',
  'NUMA_SOCKET',
  'NUMA_CORE',
  'NUMA_THREAD',
  'NUMA_MEMORY_MB',
  'IPV4_ADDRESS',
  'VGPU',
  'VGPU_DISPLAY_HEAD',
  'NET_BW_EGR_KILOBIT_PER_SEC',
  'NET_BW_IGR_KILOBIT_PER_SEC',
  'PCPU',
  'MEM_ENCRYPTION_CONTEXT',
  'FPGA',
  'PGPU',
  'NET_PACKET_RATE_KILOPACKET_PER_SEC',
  'NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC',
  'NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC',
];

const standard = new Set(STANDARD_RESOURCE_CLASSES);

/** The prefix of a custom resource class or trait. */
export const CUSTOM_PREFIX = 'CUSTOM_';

/** Whether the name is one of os-resource-classes' (those can be neither renamed nor deleted). */
export function isStandardResourceClass(name: string): boolean {
  return standard.has(name);
}
