package dev.signalbox.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bootstrap admin key: given by the operator ({@code SIGNALBOX_ADMIN_KEY}), or generated on
 * the node's first start and kept in {@code DIR/admin.key}, readable by its owner only.
 *
 * @param key the key itself
 * @param origin where it came from, to tell the operator how to find it
 */
public record AdminKey(String key, Origin origin) {

    public static final String FILE = "admin.key";
    private static final int MIN_LENGTH = 16;

    public enum Origin {
        ENVIRONMENT,
        GENERATED,
        FILE
    }

    public AdminKey {
        if (key == null || key.length() < MIN_LENGTH || key.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException(
                    "the admin key must be at least " + MIN_LENGTH + " printable ASCII characters without spaces");
        }
    }

    /** Resolves the key: the configured one, else the stored one, else a new one stored now. Blocking. */
    public static AdminKey resolve(Optional<String> configured, Path dataDir) throws IOException {
        if (configured.isPresent()) {
            return new AdminKey(configured.get(), Origin.ENVIRONMENT);
        }
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return new AdminKey(
                    Files.readString(file, StandardCharsets.US_ASCII).trim(), Origin.FILE);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = "sbx_" + HexFormat.of().formatHex(random);
        write(file, key);
        return new AdminKey(key, Origin.GENERATED);
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
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
