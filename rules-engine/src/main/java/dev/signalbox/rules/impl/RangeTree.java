package dev.signalbox.rules.impl;

import java.util.function.Consumer;

/**
 * The numeric ranges of one field, each with its {@link Postings}: a persistent treap ordered by
 * lower bound and augmented with the highest upper bound of each subtree, so that finding every
 * range containing a value costs O(log n + hits) instead of a walk over all ranges.
 *
 * <p>Immutable, thread-safe; {@link #with} and {@link #without} copy only the path they change
 * (O(log n) expected), so readers keep matching on the old tree while a rule is added. Priorities
 * come from the range's hash, which keeps the shape deterministic.
 */
final class RangeTree {
    static final RangeTree EMPTY = new RangeTree(null);

    private record Node(
            ValueTest.NumericRange range, Postings postings, int priority, Node left, Node right, double maxHigh) {
        static Node of(ValueTest.NumericRange range, Postings postings, int priority, Node left, Node right) {
            double max = range.high();
            if (left != null && left.maxHigh > max) {
                max = left.maxHigh;
            }
            if (right != null && right.maxHigh > max) {
                max = right.maxHigh;
            }
            return new Node(range, postings, priority, left, right, max);
        }

        Node with(Node newLeft, Node newRight) {
            return of(range, postings, priority, newLeft, newRight);
        }
    }

    private final Node root;

    private RangeTree(Node root) {
        this.root = root;
    }

    boolean isEmpty() {
        return root == null;
    }

    /** The postings of exactly this range, or {@link Postings#NONE}. */
    Postings get(ValueTest.NumericRange range) {
        Node node = root;
        while (node != null) {
            int c = compare(range, node.range);
            if (c == 0) {
                return node.postings;
            }
            node = c < 0 ? node.left : node.right;
        }
        return Postings.NONE;
    }

    /** A tree with the range's postings set (the range removed when they are empty). */
    RangeTree with(ValueTest.NumericRange range, Postings postings) {
        return new RangeTree(postings.isEmpty() ? remove(root, range) : put(root, range, postings));
    }

    /** Calls the action with the postings of every range containing x. */
    void stab(double x, Consumer<Postings> action) {
        stab(root, x, action);
    }

    /** How many distinct ranges contain x, counting at most {@code cap}. */
    int covering(double x, int cap) {
        int[] count = {0};
        stab(root, x, p -> count[0]++);
        return Math.min(count[0], cap);
    }

    private static void stab(Node node, double x, Consumer<Postings> action) {
        while (node != null && node.maxHigh >= x) {
            stab(node.left, x, action);
            if (node.range.low() > x) {
                return; // this range and everything right of it start above x
            }
            if (node.range.contains(x)) {
                action.accept(node.postings);
            }
            node = node.right;
        }
    }

    private static Node put(Node node, ValueTest.NumericRange range, Postings postings) {
        if (node == null) {
            return Node.of(range, postings, priority(range), null, null);
        }
        int c = compare(range, node.range);
        if (c == 0) {
            return Node.of(range, postings, node.priority, node.left, node.right);
        }
        if (c < 0) {
            Node left = put(node.left, range, postings);
            return left.priority > node.priority
                    ? left.with(left.left, node.with(left.right, node.right))
                    : node.with(left, node.right);
        }
        Node right = put(node.right, range, postings);
        return right.priority > node.priority
                ? right.with(node.with(node.left, right.left), right.right)
                : node.with(node.left, right);
    }

    private static Node remove(Node node, ValueTest.NumericRange range) {
        if (node == null) {
            return null;
        }
        int c = compare(range, node.range);
        if (c < 0) {
            return node.with(remove(node.left, range), node.right);
        }
        if (c > 0) {
            return node.with(node.left, remove(node.right, range));
        }
        return merge(node.left, node.right);
    }

    private static Node merge(Node left, Node right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        if (left.priority > right.priority) {
            return left.with(left.left, merge(left.right, right));
        }
        return right.with(merge(left, right.left), right.right);
    }

    private static int compare(ValueTest.NumericRange a, ValueTest.NumericRange b) {
        int c = Double.compare(a.low(), b.low());
        if (c == 0) {
            c = Boolean.compare(a.lowOpen(), b.lowOpen());
        }
        if (c == 0) {
            c = Double.compare(a.high(), b.high());
        }
        if (c == 0) {
            c = Boolean.compare(a.highOpen(), b.highOpen());
        }
        return c;
    }

    private static int priority(ValueTest.NumericRange range) {
        int h = range.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
