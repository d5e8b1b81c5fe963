package dev.ladder.catalog;

import dev.ladder.core.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes event messages and applies them to the catalog.
 *
 * <p>{@link #submit(byte[])} parses and validates a message on the caller's thread (a malformed one is
 * rejected with a {@link CatalogMessageException} naming the field, and nothing is stored), then stores
 * it with status {@code queued} in the catalog's database and commits before returning: once submit
 * returns, the message survives a crash (kill -9) of this process. Concurrent submits share a commit
 * (group commit: messages waiting while one commit runs are stored together by the next). A message id seen before is not
 * stored again: the existing status comes back with {@link SubmitResult#duplicate()} set.
 *
 * <p>One worker thread (started by {@link #start()}) applies queued messages in the order they were
 * stored (so in order per event), a batch per transaction, each message in its own savepoint: the
 * catalog rows and the message's new status ({@code done}, or {@code failed} with the reason when a
 * well-formed message cannot apply, e.g. odds for an unknown event) commit together, so after a crash
 * every stored message is applied exactly once. On start the worker resumes whatever was left queued.
 * A database error rolls the batch back and is retried after a pause; a message that keeps failing on
 * its own with a database error is marked failed with that error.
 *
 * <p>Thread-safe: submit and status may be called from any thread.
 */
public final class CatalogIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogIntake.class);

    private final Database db;
    private final Clock clock;
    private final int batch;
    private static final int MAX_GROUP = 512;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running;
    private volatile boolean queueEmpty;
    private boolean signalled;
    private Thread worker;

    CatalogIntake(Database db, Clock clock, int batch) {
        this.db = db;
        this.clock = clock;
        this.batch = batch;
    }

    /**
     * Validates and durably stores one message.
     *
     * @param raw the message's JSON bytes (UTF-8)
     * @return its status ({@code queued} when new)
     * @throws CatalogMessageException when the message is malformed (nothing stored)
     * @throws SQLException            when the database cannot store it (nothing acknowledged)
     */
    public SubmitResult submit(byte[] raw) throws SQLException {
        CatalogMessage m;
        try {
            m = MessageParser.parse(raw);
        } catch (CatalogMessageException e) {
            rejected.incrementAndGet();
            throw e;
        }
        Pending mine = new Pending(m, raw);
        pending.add(mine);
        // group commit: whoever holds the lock stores every message waiting, in one transaction
        while (!mine.finished) {
            commitLock.lock();
            try {
                if (!mine.finished) {
                    commitPending();
                }
            } finally {
                commitLock.unlock();
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        SubmitResult result = mine.result;
        if (result.duplicate()) {
            duplicates.incrementAndGet();
        } else {
            submitted.incrementAndGet();
            wake();
        }
        return result;
    }

    /**
     * Validates {@code raw} as {@link #submit} does and stores nothing: the status the message would be
     * queued with now. For a shared intake that stores it elsewhere first (Kafka) and submits it here later.
     *
     * @throws CatalogMessageException when the message is malformed
     */
    public MessageStatus validate(byte[] raw) {
        CatalogMessage m = MessageParser.parse(raw);
        return new MessageStatus(m.id(), m.type(), MessageStatus.State.QUEUED, null, Instant.ofEpochMilli(clock.epochMillis()), null,
                m.eventId());
    }

    private static final class Pending {
        final CatalogMessage message;
        final byte[] raw;
        SubmitResult result;
        SQLException error;
        volatile boolean finished;

        Pending(CatalogMessage message, byte[] raw) {
            this.message = message;
            this.raw = raw;
        }
    }

    private void commitPending() {
        List<Pending> group = new ArrayList<>();
        Pending p;
        while (group.size() < MAX_GROUP && (p = pending.poll()) != null) {
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        long now = clock.epochMillis();
        try {
            List<SubmitResult> results = db.write(false, c -> {
                List<SubmitResult> out = new ArrayList<>(group.size());
                String sql = "INSERT INTO message (id, message_type, event_id, body, status, received_at) VALUES (?, ?, ?, ?, 'queued', ?)"
                        + " ON CONFLICT (id) DO NOTHING";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Pending g : group) {
                        CatalogMessage m = g.message;
                        ps.setString(1, m.id());
                        ps.setString(2, m.type());
                        if (m.eventId() == null) {
                            ps.setNull(3, java.sql.Types.VARCHAR);
                        } else {
                            ps.setString(3, m.eventId());
                        }
                        ps.setBytes(4, g.raw);
                        ps.setLong(5, now);
                        if (ps.executeUpdate() == 1) {
                            out.add(new SubmitResult(new MessageStatus(m.id(), m.type(), MessageStatus.State.QUEUED, null,
                                    Instant.ofEpochMilli(now), null, m.eventId()), false));
                        } else {
                            out.add(new SubmitResult(read(c, m.id()).orElseThrow(), true));
                        }
                    }
                }
                return out;
            });
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result = results.get(i);
            }
        } catch (SQLException e) {
            for (Pending g : group) {
                g.error = e;
            }
        } catch (RuntimeException e) {
            for (Pending g : group) {
                g.error = new SQLException("cannot store the message: " + e, e);
            }
        }
        for (Pending g : group) {
            g.finished = true;
        }
    }

    /** The status of message {@code id}, or empty when no such message was stored. */
    public Optional<MessageStatus> status(String id) throws SQLException {
        return db.read(c -> read(c, id));
    }

    private Optional<MessageStatus> read(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, message_type, status, error, received_at, processed_at, event_id FROM message WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                MessageStatus.State state = MessageStatus.State.fromWire(rs.getString(3));
                if (state == MessageStatus.State.QUEUED && inFlight.contains(id)) {
                    state = MessageStatus.State.PROCESSING;
                }
                long processed = rs.getLong(6);
                Instant processedAt = rs.wasNull() ? null : Instant.ofEpochMilli(processed);
                return Optional.of(new MessageStatus(rs.getString(1), rs.getString(2), state, rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), processedAt, rs.getString(7)));
            }
        }
    }

    /** Counters since start: accepted, rejected (malformed), duplicates, done, failed. */
    public record Stats(long accepted, long rejected, long duplicates, long done, long failed) {
    }

    public Stats stats() {
        return new Stats(submitted.get(), rejected.get(), duplicates.get(), done.get(), failed.get());
    }

    /** Starts the worker (idempotent); it first resumes messages left queued by an earlier run. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("catalog-intake").daemon(true).start(this::loop);
    }

    /**
     * Waits until nothing is queued (every stored message is done or failed).
     *
     * @return {@code false} when the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            wakeLocked();
            while (!(queueEmpty && !signalled && inFlight.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            wakeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void wakeLocked() {
        signalled = true;
        queueEmpty = false;
        work.signalAll();
    }

    private record Queued(String id, String type, byte[] body) {
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                lock.lock();
                try {
                    signalled = false;
                } finally {
                    lock.unlock();
                }
                List<Queued> next = db.read(this::nextBatch);
                if (next.isEmpty()) {
                    lock.lock();
                    try {
                        if (!signalled) {
                            queueEmpty = true;
                            idle.signalAll();
                            work.await(1, TimeUnit.SECONDS);
                        }
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                for (Queued q : next) {
                    inFlight.add(q.id());
                }
                try {
                    applyBatch(next);
                } catch (SQLException e) {
                    LOG.warn("catalog intake: batch of {} rolled back ({}); applying one at a time", next.size(), e.getMessage());
                    for (Queued q : next) {
                        applyAlone(q);
                    }
                } finally {
                    inFlight.clear();
                }
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("catalog intake: {}; retrying in {} ms", e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private List<Queued> nextBatch(Connection c) throws SQLException {
        List<Queued> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, message_type, body FROM message WHERE status = 'queued' ORDER BY seq LIMIT ?")) {
            ps.setInt(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Queued(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        return out;
    }

    private void applyBatch(List<Queued> next) throws SQLException {
        long[] outcome = db.write(true, c -> {
            long ok = 0;
            long bad = 0;
            for (Queued q : next) {
                if (applyOne(c, q, true)) {
                    ok++;
                } else {
                    bad++;
                }
            }
            return new long[]{ok, bad};
        });
        done.addAndGet(outcome[0]);
        failed.addAndGet(outcome[1]);
    }

    /** After a batch failed with a database error: this message alone; a database error again marks it failed. */
    private void applyAlone(Queued q) {
        try {
            boolean ok = db.write(true, c -> applyOne(c, q, false));
            (ok ? done : failed).incrementAndGet();
        } catch (SQLException e) {
            try {
                db.write(true, c -> {
                    finish(c, q.id(), "failed", "store error: " + e.getMessage(), null);
                    return null;
                });
                failed.incrementAndGet();
            } catch (SQLException again) {
                LOG.warn("catalog intake: cannot record the failure of message {}: {}", q.id(), again.getMessage());
            }
        }
    }

    /**
     * Applies one message in the open transaction; a failure to apply rolls back to a savepoint and
     * marks it failed. With {@code rethrow}, database errors propagate (the batch is retried alone).
     *
     * @return {@code true} when done
     */
    private boolean applyOne(Connection c, Queued q, boolean rethrow) throws SQLException {
        Savepoint sp = c.setSavepoint();
        long now = clock.epochMillis();
        try {
            CatalogMessage m = MessageParser.parse(q.body());
            CatalogWriter w = new CatalogWriter(c, "message:" + q.id(), now, new ChangeCounts());
            String eventId = MessageApplier.apply(m, w);
            finish(c, q.id(), "done", null, eventId);
            c.releaseSavepoint(sp);
            return true;
        } catch (MessageApplier.ApplyException | CatalogMessageException e) {
            c.rollback(sp);
            finish(c, q.id(), "failed", e.getMessage(), null);
            return false;
        } catch (SQLException e) {
            if (rethrow) {
                throw e;
            }
            c.rollback(sp);
            finish(c, q.id(), "failed", "store error: " + e.getMessage(), null);
            return false;
        }
    }

    private void finish(Connection c, String id, String status, String error, String eventId) throws SQLException {
        String sql = eventId == null
                ? "UPDATE message SET status = ?, error = ?, processed_at = ? WHERE id = ?"
                : "UPDATE message SET status = ?, error = ?, processed_at = ?, event_id = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, status);
            if (error == null) {
                ps.setNull(i++, java.sql.Types.VARCHAR);
            } else {
                ps.setString(i++, error.length() > 2000 ? error.substring(0, 2000) : error);
            }
            ps.setLong(i++, clock.epochMillis());
            if (eventId != null) {
                ps.setString(i++, eventId);
            }
            ps.setString(i, id);
            ps.executeUpdate();
        }
    }

    /** Stops the worker (queued messages stay queued for the next start). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        Thread t = worker;
        if (t != null) {
            try {
                t.join(30_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
