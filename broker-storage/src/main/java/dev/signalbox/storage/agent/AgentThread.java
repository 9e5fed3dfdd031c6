package dev.signalbox.storage.agent;

import java.util.concurrent.locks.LockSupport;

/**
 * Stopping an agent's thread: wake it (agents park between rounds) and wait until it has ended,
 * however often the waiting thread is interrupted. The interrupt is not lost but handed back, so
 * that the caller restores it where it is safe: after its own file I/O, since an interrupted
 * thread's {@code FileChannel} calls close the channel. Stateless.
 */
public final class AgentThread {

    private AgentThread() {}

    /**
     * Unparks {@code thread} and joins it; the caller must already have told the agent to stop.
     *
     * @return whether the calling thread was interrupted while it waited
     */
    public static boolean stop(Thread thread) {
        LockSupport.unpark(thread);
        boolean isInterrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                isInterrupted = true;
            }
        }
        return isInterrupted;
    }
}
