package dev.signalbox.gateway.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the node stores (connection credentials, signing secrets) with AES-256-GCM
 * under a node key kept in {@code DIR/secrets.key}, readable by its owner only (as {@code
 * admin.key} is). A sealed value is {@code sealed:v1:} and the base64 of a fresh 12-byte nonce
 * followed by the ciphertext and its 16-byte tag; the tag makes a changed or swapped value fail
 * to open rather than open to garbage.
 *
 * <p>This protects what is at rest in the store's documents (backups, copies of the data
 * directory without the key file); whoever can read the key file can read the secrets.
 * Thread-safe: a {@link Cipher} is made per call.
 */
public final class SecretBox {

    public static final String FILE = "secrets.key";
    public static final String PREFIX = "sealed:v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the node key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The data directory's key, made (owner-only) on first use. Blocking. */
    public static SecretBox open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            byte[] key = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            return new SecretBox(key);
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        write(file, Base64.getEncoder().encodeToString(key));
        return new SecretBox(key);
    }

    public String seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out =
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JVM", e);
        }
    }

    /** Opens a sealed value; fails if it was not sealed under this node's key or was changed. */
    public String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be opened with this node's key", e);
        }
    }

    private static void write(Path file, String key) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create " + tmp, e);
        }
        Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
