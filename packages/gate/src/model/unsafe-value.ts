// A string written with Ansible's `!unsafe` tag: it must reach Ansible as-is, never evaluated as a Jinja template.

/** An `!unsafe` string; the executor writes it back with the same tag so that Ansible does not template it. */
export class UnsafeValue {
  readonly kind = 'unsafe' as const;
  constructor(readonly value: string) {}
}
