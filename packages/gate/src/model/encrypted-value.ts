// A secret value written with Zuul's `!encrypted/pkcs1-oaep` tag, kept encrypted until the executor needs it.

/**
 * The ciphertext of an `!encrypted/pkcs1-oaep` value: one base64 chunk per element (a scalar gives one chunk; a list
 * gives several, for secrets longer than one RSA block), whitespace removed. Nothing in the config layer decrypts it.
 */
export class EncryptedValue {
  readonly kind = 'encrypted' as const;
  readonly scheme = 'pkcs1-oaep' as const;
  constructor(readonly ciphertext: readonly string[]) {}
}
