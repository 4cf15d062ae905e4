import type { SafeStorageLike } from "../credential-vault";

/** safeStorage with a chosen backend: reversible, and the plaintext never shows in its output. */
export function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const storage = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string): Buffer {
      if (!available) throw new Error("Encryption is not available.");
      storage.encrypted += 1;
      return Buffer.from([...Buffer.from(plain, "utf8")].map((byte) => byte ^ 0x5a)).reverse();
    },
    decryptString(encrypted: Buffer): string {
      return Buffer.from([...Buffer.from(encrypted).reverse()].map((byte) => byte ^ 0x5a)).toString("utf8");
    },
  };
  return storage;
}
