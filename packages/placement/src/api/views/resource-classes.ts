// A resource class as Placement shows it: its name and a self link.
import type { PlacementContext } from '../../context.js';
import { apiPath } from '../common.js';

/** The class's path, for its self link and Location header. */
export function resourceClassPath(ctx: PlacementContext, name: string): string {
  return apiPath(ctx, `/resource_classes/${name}`);
}

/** One resource class as listed and shown. */
export function resourceClassView(ctx: PlacementContext, name: string): Record<string, unknown> {
  return { name, links: [{ rel: 'self', href: resourceClassPath(ctx, name) }] };
}
