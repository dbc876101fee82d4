/** Seals and opens a connection's secrets (name → value) as one ciphertext string. */
export interface SecretsCodec {
  seal(values: Record<string, string>): string;
  open(ciphertext: string): Record<string, string>;
}
