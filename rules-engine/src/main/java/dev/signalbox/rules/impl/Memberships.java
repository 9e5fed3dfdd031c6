package dev.signalbox.rules.impl;

/**
 * Array memberships, event-ruler's array consistency: a value carries the (array id, element
 * index) pairs of the arrays of containers around it, and the fields of one match must agree on
 * the element of every array they share.
 *
 * <p>Stateless, thread-safe; the arrays are never mutated once built. Pairs are stored flat,
 * {@code [id0, index0, id1, index1, ...]}; they are a handful long, so linear scans win.
 */
final class Memberships {
    static final int[] NONE = new int[0];

    private Memberships() {}

    /**
     * The constraint extended by the value's memberships; the same array when it adds nothing,
     * {@code null} when they disagree on an element.
     */
    static int[] merge(int[] constraint, int[] membership) {
        if (membership.length == 0) {
            return constraint;
        }
        if (constraint.length == 0) {
            return membership;
        }
        int[] added = null;
        int count = 0;
        for (int i = 0; i < membership.length; i += 2) {
            int at = indexOf(constraint, membership[i]);
            if (at < 0) {
                if (added == null) {
                    added = new int[membership.length];
                }
                added[count++] = membership[i];
                added[count++] = membership[i + 1];
            } else if (constraint[at + 1] != membership[i + 1]) {
                return null;
            }
        }
        if (added == null) {
            return constraint;
        }
        int[] merged = new int[constraint.length + count];
        System.arraycopy(constraint, 0, merged, 0, constraint.length);
        System.arraycopy(added, 0, merged, constraint.length, count);
        return merged;
    }

    /** Whether the value can join a match bound by the constraint. */
    static boolean consistent(int[] constraint, int[] membership) {
        if (membership.length == 0 || constraint.length == 0) {
            return true;
        }
        for (int i = 0; i < membership.length; i += 2) {
            int at = indexOf(constraint, membership[i]);
            if (at >= 0 && constraint[at + 1] != membership[i + 1]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(int[] pairs, int id) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
