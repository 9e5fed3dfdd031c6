package dev.signalbox.rules.transform;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The event's view as a JSONata evaluation sees it when the event's data claims JSON but could
 * not be read: its attributes, and no {@code data}. Looking up {@code data}, or at the event as a
 * whole ({@code $}, {@code $string($)}, {@code **}, {@code $keys($)}: whatever walks its members),
 * ends the evaluation, since the answer would be built without the data the producer sent. Looking
 * up an attribute ({@code type}, {@code source}) does not.
 *
 * <p>Whether data was asked for is also remembered ({@link #isTouched()}): jsonata-java rethrows a
 * failure inside {@code $eval} as a new error without its cause, and some built-ins may swallow
 * one, so the thrown {@link Touched} cannot be relied on to reach the caller.
 *
 * <p>Owned by one evaluation on one thread; filled before it starts.
 */
final class DataGuardedEvent extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    private static final String DATA = "data";

    private boolean isTouched;
    private boolean isArmed;

    /** Thrown where the evaluation asked for the data. */
    static final class Touched extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Touched() {
            super("the expression reads the event's data", null, false, false);
        }
    }

    /**
     * From now on, reading data or the whole event counts. Before: jsonata-java walks the whole
     * input once to check its types before it evaluates anything, and that is not the expression
     * reading it.
     */
    void arm() {
        isArmed = true;
    }

    /** Whether the evaluation asked for the data or for the whole event. */
    boolean isTouched() {
        return isTouched;
    }

    /** Asking for this key counts when it is {@code data}. */
    private void guard(Object key) {
        if (DATA.equals(key)) {
            guardAll();
        }
    }

    /** Asking for every member counts. */
    private void guardAll() {
        if (isArmed) {
            isTouched = true;
            throw new Touched();
        }
    }

    @Override
    public Object get(Object key) {
        guard(key);
        return super.get(key);
    }

    @Override
    public Object getOrDefault(Object key, Object otherwise) {
        guard(key);
        return super.getOrDefault(key, otherwise);
    }

    @Override
    public boolean containsKey(Object key) {
        guard(key);
        return super.containsKey(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        guardAll();
        return super.entrySet();
    }

    @Override
    public Set<String> keySet() {
        guardAll();
        return super.keySet();
    }

    @Override
    public Collection<Object> values() {
        guardAll();
        return super.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        guardAll();
        super.forEach(action);
    }
}
