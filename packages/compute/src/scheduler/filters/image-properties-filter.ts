// Nova's ImagePropertiesFilter: an image that names an architecture, hypervisor type or vm mode only lands on a host
// whose supported_instances has a matching triple.
import type { HostFilter } from './filter.js';

const ARCH_ALIASES: Record<string, string> = { amd64: 'x86_64', x64: 'x86_64', i386: 'i686', x86: 'i686' };
const HV_ALIASES: Record<string, string> = { xapi: 'xen' };
const VM_MODE_ALIASES: Record<string, string> = { hv: 'hvm', pv: 'xen', baremetal: 'hvm' };

function canonical(value: unknown, aliases: Record<string, string>): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const lower = value.toLowerCase();
  return aliases[lower] ?? lower;
}

/** Passes hosts that can run the image's architecture, hypervisor type and vm mode. */
export const imagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  hostPasses(host, spec) {
    const props = spec.imageProperties;
    // Nova's ImageMetaProps accept the legacy names too (architecture, hypervisor_type, vm_mode).
    const wanted = [
      canonical(props.hw_architecture ?? props.architecture, ARCH_ALIASES),
      canonical(props.img_hv_type ?? props.hypervisor_type, HV_ALIASES),
      canonical(props.hw_vm_mode ?? props.vm_mode, VM_MODE_ALIASES),
    ];
    if (wanted.every((w) => w === undefined)) return true;
    return host.supportedInstances.some((triple) =>
      wanted.every(
        (w, i) => w === undefined || canonical(triple[i], [ARCH_ALIASES, HV_ALIASES, VM_MODE_ALIASES][i]!) === w,
      ),
    );
  },
};
