// A flavor as Nova shows it (nova/api/openstack/compute/views/flavors.py), by microversion.
import type { FastifyRequest } from 'fastify';
import type { ComputeContext } from '../../context.js';
import type { Flavor } from '../../flavors.js';
import { atLeast, resourceLinks } from '../common.js';

/** GET /flavors: id, name, links (+ description from 2.55). */
export function flavorBasicView(ctx: ComputeContext, request: FastifyRequest, flavor: Flavor): Record<string, unknown> {
  return {
    id: flavor.id,
    name: flavor.name,
    links: resourceLinks(ctx, 'flavors', flavor.id),
    ...(atLeast(request, '2.55') ? { description: flavor.description } : {}),
  };
}

/** A flavor in full; extra specs only from 2.61 and when the caller may read them. */
export function flavorView(
  ctx: ComputeContext,
  request: FastifyRequest,
  flavor: Flavor,
  includeExtraSpecs: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: flavor.id,
    name: flavor.name,
    ram: flavor.ram,
    disk: flavor.disk,
    // Before 2.75 a zero swap is shown as "" (Nova's `flavor["swap"] or ""`).
    swap: atLeast(request, '2.75') ? flavor.swap : flavor.swap || '',
    'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
    'OS-FLV-DISABLED:disabled': flavor.disabled === 1,
    vcpus: flavor.vcpus,
    'os-flavor-access:is_public': flavor.is_public === 1,
    rxtx_factor: flavor.rxtx_factor || '',
    links: resourceLinks(ctx, 'flavors', flavor.id),
  };
  if (atLeast(request, '2.55')) view.description = flavor.description;
  if (includeExtraSpecs && atLeast(request, '2.61')) view.extra_specs = flavor.extra_specs;
  return view;
}
