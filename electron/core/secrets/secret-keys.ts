// Names of the secrets a host profile owns in the SecretStore. Profiles on disk never hold
// the secret itself, only the method; the secret lives under these keys.
export type HostSecretKind = 'password' | 'passphrase' | 'sudo-password';

export function hostSecretKey(role: string, kind: HostSecretKind): string {
  return `host:${role}:${kind}`;
}
