// A value tagged `!override` or `!inherit`: it says how a job attribute combines with the parent's or variant's.

/**
 * What the YAML tag asked for: `override` replaces the inherited value, `inherit` merges with it (lists without
 * duplicates, mappings deep-merged). See Zuul's job documentation, "Supports override control".
 */
export type OverrideControl = 'override' | 'inherit';

/** The raw value under an `!override`/`!inherit` tag, before an attribute parser unwraps it. */
export class OverrideValue<T = unknown> {
  readonly kind = 'override-control' as const;
  constructor(
    readonly control: OverrideControl,
    readonly value: T,
  ) {}
}
