// Traits as Placement shows them: a list of names, with the provider generation for a provider's traits.

/** GET /traits. */
export function traitsView(traits: string[]): Record<string, unknown> {
  return { traits };
}

/** GET and PUT /resource_providers/{uuid}/traits. */
export function providerTraitsView(traits: string[], generation: number): Record<string, unknown> {
  return { traits, resource_provider_generation: generation };
}
