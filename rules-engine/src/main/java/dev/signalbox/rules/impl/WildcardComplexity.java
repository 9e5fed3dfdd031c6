package dev.signalbox.rules.impl;

import java.util.List;

/** Placeholder: wildcard complexity limit (filled in below). */
final class WildcardComplexity {
    private WildcardComplexity() {}

    static void check(List<SubRule> subRules, Problems problems) {}
}
