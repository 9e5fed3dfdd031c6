package dev.signalbox.storage.timer;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.agent.AgentThread;
import dev.signalbox.storage.file.CheckpointFile;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.CorruptRecordException;
import dev.signalbox.storage.log.RecordDescriptor;
import dev.signalbox.storage.log.RecordView;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers delayed records when they are due, RocketMQ 5 timer style. A delayed record is
 * appended to the timer topic of the CommitLog with its due time (the timer topic's ConsumeQueue
 * carries the due time in its tag field). This agent follows that queue and enqueues each record
 * in the {@link TimerLog}, linked into the {@link TimerWheel} slot of its due second (a record due
 * beyond the wheel's span waits in the wheel's last second and goes round again). Then, second by
 * second, it walks the current slot's chain and appends each record to its real topic once its
 * due time has come ({@code SYNC}, through the normal writer), so a record lands within the
 * polling interval plus the append's group commit of its due time, never before it.
 *
 * <p>Across restarts. A checkpoint file ({@code timer/checkpoint}) holds the timer queue offset
 * enqueued so far, the timer log's end, the current second, and, while a second is being
 * delivered, the CommitLog end when its deliveries began. After a crash the timer log is cut back
 * to the checkpoint and the wheel is rebuilt from it; the timer queue is enqueued again from the
 * checkpoint; and the CommitLog from the recorded end is scanned for records this agent delivered
 * ({@code __timerOrigin}), which are not delivered twice. So each delayed record is appended to
 * its topic once, crash or not, provided its original is still held.
 *
 * <p>Threading: owns the daemon thread {@code signalbox-timer}. {@link #lowestNeededLogOffset()}
 * is safe on any thread (retention asks it). {@link #close} stops the thread, then makes the
 * timer's files and checkpoint durable.
 */
public final class TimerAgent implements AutoCloseable {

    public static final String TIMER_TOPIC = "__timer";
    static final String THREAD_NAME = "signalbox-timer";
    private static final System.Logger LOG = System.getLogger(TimerAgent.class.getName());
    private static final long IDLE_NANOS = 5_000_000;
    private static final int ENQUEUE_BATCH = 4096;

    private static final int ENQUEUED = 0;
    private static final int LOG_END = 1;
    private static final int CURRENT = 2;
    private static final int DELIVERY_START = 3;
    private static final int IN_FLIGHT = 4;

    private final TimerLog timerLog;
    private final TimerWheel wheel;
    private final CheckpointFile checkpoint;
    private final ConsumeQueueDirectory queues;
    private final CommitLog log;
    private final TimerSink sink;
    private final Set<Long> deliveredBeforeCrash;
    private final Thread thread;
    private final List<TimerLog.Entry> slot = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long lowestNeeded = Long.MAX_VALUE;
    private volatile long delivered;
    private long enqueued;
    private long current;
    private boolean loaded;
    private boolean inFlight;
    private long deliveryStart;
    private long lastCheckpointNanos = System.nanoTime();
    private boolean dirty;

    private TimerAgent(
            TimerLog timerLog,
            TimerWheel wheel,
            CheckpointFile checkpoint,
            ConsumeQueueDirectory queues,
            CommitLog log,
            TimerSink sink,
            long[] state,
            Set<Long> deliveredBeforeCrash) {
        this.timerLog = timerLog;
        this.wheel = wheel;
        this.checkpoint = checkpoint;
        this.queues = queues;
        this.log = log;
        this.sink = sink;
        this.enqueued = state[ENQUEUED];
        this.current = state[CURRENT];
        this.deliveryStart = state[DELIVERY_START];
        this.deliveredBeforeCrash = deliveredBeforeCrash;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * Opens the timer's files in {@code dir} and recovers them. Call after the store's recovery,
     * with the CommitLog and queues final.
     */
    public static TimerAgent open(
            Path dir,
            int wheelSeconds,
            int entriesPerFile,
            boolean cleanShutdown,
            ConsumeQueueDirectory queues,
            CommitLog log,
            TimerSink sink)
            throws IOException {
        Files.createDirectories(dir);
        CheckpointFile checkpoint = CheckpointFile.open(dir.resolve("checkpoint"), 5);
        long[] state = checkpoint.read().orElse(new long[] {0, 0, System.currentTimeMillis() / 1000, 0, 0});
        boolean wheelExisted = Files.exists(dir.resolve("wheel"))
                && Files.size(dir.resolve("wheel")) == (long) wheelSeconds * TimerWheel.SLOT_BYTES;
        TimerLog timerLog = TimerLog.open(dir.resolve("log"), entriesPerFile, state[LOG_END]);
        TimerWheel wheel = TimerWheel.open(dir.resolve("wheel"), wheelSeconds);
        if (!cleanShutdown || !wheelExisted) {
            rebuild(wheel, timerLog, state[CURRENT]);
        }
        Optional<ConsumeQueue> timerQueue = queues.find(TIMER_TOPIC, 0);
        long published = timerQueue.map(ConsumeQueue::published).orElse(0L);
        // The timer queue may have lost entries the timer had enqueued (a cut log): start again where it ends.
        state[ENQUEUED] = Math.min(state[ENQUEUED], published);
        Set<Long> delivered = state[IN_FLIGHT] != 0 ? scanDelivered(log, state[DELIVERY_START]) : new HashSet<>();
        return new TimerAgent(timerLog, wheel, checkpoint, queues, log, sink, state, delivered);
    }

    /** Re-links every entry waiting for {@code current} or later into a cleared wheel. */
    private static void rebuild(TimerWheel wheel, TimerLog timerLog, long current) throws IOException {
        wheel.clear();
        for (long n = timerLog.start(); n < timerLog.end(); n++) {
            TimerLog.Entry entry = timerLog.read(n);
            if (entry.slotSecond() >= current) {
                wheel.link(entry.slotSecond(), n);
            }
        }
    }

    /** The timer-log origins of the records delivered since {@code from}: delivered before a crash. */
    private static Set<Long> scanDelivered(CommitLog log, long from) throws IOException {
        Set<Long> origins = new HashSet<>();
        RecordView view = new RecordView();
        long position = Math.max(from, log.minOffset());
        long end = log.writtenOffset();
        while (position < end) {
            position = log.follow(position, end, 65536, view, (record, offset) -> {
                if (record.timerOrigin() >= 0) {
                    origins.add(record.timerOrigin());
                }
                return "";
            });
        }
        return origins;
    }

    public TimerAgent start() {
        thread.start();
        return this;
    }

    /** The lowest CommitLog offset the timer still needs: retention keeps it. */
    public long lowestNeededLogOffset() {
        return lowestNeeded;
    }

    /** Delayed records appended to their topic so far (this run). */
    public long delivered() {
        return delivered;
    }

    private void run() {
        while (running) {
            try {
                if (!step()) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "the timer failed a step; retrying", e);
                LockSupport.parkNanos(this, IDLE_NANOS * 20);
            }
        }
    }

    /** One round of work; false when there was nothing to do. */
    boolean step() throws IOException {
        boolean worked = enqueue();
        long now = System.currentTimeMillis();
        if (!loaded) {
            load();
        }
        worked |= deliverDue(now);
        if (slot.isEmpty() && now >= (current + 1) * 1000) {
            finishSecond(now);
            worked = true;
        }
        if (dirty && !inFlight && System.nanoTime() - lastCheckpointNanos > 1_000_000_000L) {
            writeCheckpoint(false);
        }
        return worked;
    }

    private boolean enqueue() throws IOException {
        Optional<ConsumeQueue> queue = queues.find(TIMER_TOPIC, 0);
        if (queue.isEmpty() || enqueued >= queue.get().published()) {
            updateLowestNeeded(queue);
            return false;
        }
        int count = (int) Math.min(ENQUEUE_BATCH, queue.get().published() - enqueued);
        ByteBuffer entries = queue.get().readEntries(enqueued, count);
        while (entries.remaining() >= ConsumeQueue.ENTRY_BYTES) {
            long logOffset = entries.getLong();
            int size = entries.getInt();
            long deliverAt = entries.getLong();
            enqueue(deliverAt, logOffset, size);
            enqueued++;
        }
        dirty = true;
        updateLowestNeeded(queue);
        return true;
    }

    private void enqueue(long deliverAt, long logOffset, int size) throws IOException {
        long second = Math.floorDiv(deliverAt, 1000);
        long slotSecond = Math.min(Math.max(second, current), current + wheel.seconds() - 1);
        long number = timerLog.append(wheel.tail(slotSecond), slotSecond, deliverAt, logOffset, size);
        wheel.link(slotSecond, number);
        if (slotSecond == current && loaded) {
            slot.add(timerLog.read(number));
        }
    }

    private void updateLowestNeeded(Optional<ConsumeQueue> queue) throws IOException {
        long lowest = timerLog.lowestLogOffset();
        if (queue.isPresent() && enqueued < queue.get().published()) {
            ByteBuffer next = queue.get().readEntries(enqueued, 1);
            if (next.remaining() == ConsumeQueue.ENTRY_BYTES) {
                lowest = Math.min(lowest, next.getLong(ConsumeQueue.LOG_OFFSET_OFFSET));
            }
        }
        lowestNeeded = lowest;
    }

    /** Reads the current second's chain; entries due in a later round go round the wheel again. */
    private void load() throws IOException {
        List<TimerLog.Entry> chain = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long n = wheel.tail(current); n >= timerLog.start() && n >= 0; ) {
            TimerLog.Entry entry = timerLog.read(n);
            if (entry.slotSecond() != current) {
                break;
            }
            if (seen.add(entry.logOffset())) {
                chain.add(entry);
            }
            n = entry.prev() < n ? entry.prev() : -1;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            TimerLog.Entry entry = chain.get(i);
            if (Math.floorDiv(entry.deliverAt(), 1000) > current) {
                enqueue(entry.deliverAt(), entry.logOffset(), entry.size());
                dirty = true;
            } else {
                slot.add(entry);
            }
        }
        slot.sort((a, b) -> Long.compare(a.deliverAt(), b.deliverAt()));
        loaded = true;
    }

    private boolean deliverDue(long now) throws IOException {
        List<TimerLog.Entry> due = new ArrayList<>();
        for (TimerLog.Entry entry : slot) {
            if (entry.deliverAt() <= now) {
                due.add(entry);
            }
        }
        if (due.isEmpty()) {
            return false;
        }
        if (!inFlight) {
            deliveryStart = log.writtenOffset();
            inFlight = true;
            writeCheckpoint(true);
        }
        List<TimerLog.Entry> sent = new ArrayList<>(due.size());
        List<CompletableFuture<AppendResult>> results = new ArrayList<>(due.size());
        for (TimerLog.Entry entry : due) {
            if (deliveredBeforeCrash.remove(entry.logOffset())) {
                slot.remove(entry);
                continue;
            }
            Optional<CompletableFuture<AppendResult>> result = deliver(entry);
            if (result.isEmpty()) {
                slot.remove(entry);
            } else {
                sent.add(entry);
                results.add(result.get());
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            AppendStatus status = results.get(i).join().status();
            if (status == AppendStatus.OK) {
                slot.remove(sent.get(i));
                delivered++;
            }
        }
        return true;
    }

    private Optional<CompletableFuture<AppendResult>> deliver(TimerLog.Entry entry) throws IOException {
        Optional<ByteBuffer> bytes = log.readBytes(entry.logOffset(), entry.size());
        if (bytes.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "delayed record at log offset {0} is gone (retention); not delivered",
                    String.valueOf(entry.logOffset()));
            return Optional.empty();
        }
        Optional<StoredRecord> record = theDelayedRecord(bytes.get(), entry);
        if (record.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "log offset {0} no longer holds the delayed record due at {1} (a crash cut the log before it); not"
                            + " delivered",
                    String.valueOf(entry.logOffset()),
                    String.valueOf(entry.deliverAt()));
            return Optional.empty();
        }
        return Optional.of(sink.deliver(record.get(), entry.logOffset()).toCompletableFuture());
    }

    /**
     * The delayed record the entry was enqueued for, or empty when its place in the log holds
     * something else. The timer's files are fsynced apart from the log, so after an OS crash they
     * can name records the log lost; the next appends reuse those log offsets.
     */
    private static Optional<StoredRecord> theDelayedRecord(ByteBuffer bytes, TimerLog.Entry entry) {
        StoredRecord record;
        try {
            record = RecordDescriptor.decode(bytes, entry.logOffset());
        } catch (CorruptRecordException e) {
            return Optional.empty();
        }
        boolean same = record.topic().equals(TIMER_TOPIC)
                && Long.toString(entry.deliverAt()).equals(record.properties().get(RecordView.DELIVER_AT_PROPERTY));
        return same ? Optional.of(record) : Optional.empty();
    }

    private void finishSecond(long now) throws IOException {
        current++;
        // Skip seconds with nothing to deliver without a checkpoint each: an idle timer writes nothing.
        while (now >= (current + 1) * 1000 && wheel.tail(current) < 0) {
            current++;
        }
        loaded = false;
        slot.clear();
        if (inFlight) {
            inFlight = false;
            writeCheckpoint(false);
        }
        timerLog.deleteFilesBefore(current);
    }

    private void writeCheckpoint(boolean delivering) throws IOException {
        timerLog.force();
        wheel.force();
        checkpoint.write(enqueued, timerLog.end(), current, deliveryStart, delivering ? 1 : 0);
        lastCheckpointNanos = System.nanoTime();
        dirty = false;
    }

    /** Stops the thread and makes the timer's state durable. */
    @Override
    public void close() throws IOException {
        running = false;
        boolean interrupted = AgentThread.stop(thread);
        try {
            writeCheckpoint(inFlight);
        } finally {
            timerLog.close();
            wheel.close();
            checkpoint.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
