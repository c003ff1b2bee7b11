package dev.whitemagic.persistence.embedding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.whitemagic.domain.embedding.Vectors;
import dev.whitemagic.persistence.PersistenceConfig;
import dev.whitemagic.persistence.concurrent.Offload;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The nearest chunks to a query among one user's stored embeddings, by a scan over all the user's vectors held in
 * memory (an approximate index per user would not fit the heap). Held quantised to bytes ({@link Vectors#quantise}:
 * 384 bytes a chunk instead of 1,536, similarities off by well under 0.01): a scan of 100,000 takes some 16 ms on one
 * core here, and is shared out between the cores.
 *
 * <p>A user's vectors are loaded on their first search and kept while the cache has room (least recently used go
 * first). Each search first asks the database for the newest {@code written_at} of the user's chunks (one index
 * probe): what was written since is read and added as a segment, and replaces the older vectors of the same
 * memories. Chunks of memories deleted meanwhile may linger until the next full load (after {@link #MAX_AGE}, or when
 * segments pile up); a search drops them when it reads the memories. Several nodes see each other's writes the same
 * way.
 */
@ApplicationScoped
public class VectorIndex {

    /** A chunk near the query. */
    public record Match(UUID memoryId, int chunk, float similarity) {
    }

    /** How long a user's vectors are kept before they are loaded afresh. */
    static final Duration MAX_AGE = Duration.ofMinutes(15);

    /** Writes may commit out of the order of their timestamps: catching up reads this far back again. */
    static final Duration OVERLAP = Duration.ofSeconds(10);

    private static final int MAX_SEGMENTS = 16;

    /**
     * Vectors a unit of a scan covers. A user's scan is shared out in such units between the caller and helpers on
     * the other cores (a scan of 100,000 takes some 16 ms on one core here); a small user's is the caller's alone.
     */
    static final int SLICE_ROWS = 16_384;

    /** Bytes a chunk takes here beyond its vector: its scale, its chunk number, its memory's id. */
    private static final int ROW_OVERHEAD = Float.BYTES + Short.BYTES + 48;

    /** Quantised vectors one after another, with the scale, memory and chunk of each. Immutable once built. */
    private record Segment(byte[] vectors, float[] scales, UUID[] memories, short[] chunks) {
        int size() {
            return memories.length;
        }

        long bytes() {
            return vectors.length + (long) size() * ROW_OVERHEAD;
        }
    }

    /** One user's vectors: segments, oldest first; a memory counts in the newest segment it appears in. */
    private record UserVectors(List<Segment> segments, Map<UUID, Integer> newestSegment, Instant loadedUpTo,
                               long loadedAtNanos) {
        long bytes() {
            return segments.stream().mapToLong(Segment::bytes).sum();
        }
    }

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    @Inject
    PersistenceConfig config;

    /** Helpers for the scan of a large user; {@code null}: the caller scans alone. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    private Cache<UUID, UserVectors> users;

    /** For CDI: the collaborators arrive by injection. */
    protected VectorIndex() {
    }

    /** For tests in Java SE; {@code executor} may be {@code null}. */
    public VectorIndex(DataSource dataSource, long cacheBytes, ExecutorService executor) {
        this.dataSource = dataSource;
        this.users = cache(cacheBytes);
        this.executor = executor;
    }

    @PostConstruct
    void createCache() {
        users = cache(config.vectorCacheBytes());
    }

    private static Cache<UUID, UserVectors> cache(long bytes) {
        return Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(Math.max(1, bytes))
                .weigher((UUID user, UserVectors vectors) -> (int) Math.min(Integer.MAX_VALUE, vectors.bytes()))
                .build();
    }

    /**
     * @param query     a unit vector
     * @param minimum   the lowest similarity that counts
     * @param limit     the most memories to return
     * @return the user's memories whose best chunk is at least {@code minimum} similar to the query, best first,
     *         each once with its best chunk
     */
    public List<Match> nearest(UUID userId, float[] query, float minimum, int limit) {
        UserVectors vectors = current(userId);
        byte[] quantised = new byte[query.length];
        float queryScale = Vectors.quantise(query, quantised, 0);
        List<Slice> slices = slices(vectors);
        AtomicInteger next = new AtomicInteger();
        Callable<List<Match>> scanner = () -> {
            List<Match> above = new ArrayList<>();
            for (int i = next.getAndIncrement(); i < slices.size(); i = next.getAndIncrement()) {
                slices.get(i).scan(vectors, quantised, queryScale, minimum, above);
            }
            return above;
        };
        // Helpers claim slices from the same counter as the caller; one that has not begun when the caller is done
        // is taken back (and finds nothing left), so the scan never waits for a busy executor.
        List<Offload<List<Match>>> helpers = new ArrayList<>();
        if (slices.size() > 1) {
            int count = Math.min(slices.size(), Runtime.getRuntime().availableProcessors()) - 1;
            for (int i = 0; i < count; i++) {
                helpers.add(Offload.submit(executor, scanner));
            }
        }
        List<List<Match>> found = new ArrayList<>();
        try {
            found.add(scanner.call());
        } catch (Exception e) {
            throw new IllegalStateException("scanning vectors failed", e);
        }
        helpers.forEach(helper -> found.add(helper.join()));
        List<Match> above = new ArrayList<>();
        found.forEach(above::addAll);
        above.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
        Set<UUID> seen = new HashSet<>();
        List<Match> best = new ArrayList<>(Math.min(limit, above.size()));
        for (Match match : above) {
            if (seen.add(match.memoryId())) {
                best.add(match);
                if (best.size() == limit) {
                    break;
                }
            }
        }
        return best;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of the segment at {@code index}: a unit of a scan. */
    private record Slice(int index, int from, int to) {
        void scan(UserVectors vectors, byte[] query, float queryScale, float minimum, List<Match> above) {
            Segment segment = vectors.segments().get(index);
            int dimensions = query.length;
            float[] scales = segment.scales();
            for (int i = from; i < to; i++) {
                float similarity = Vectors.dot(query, segment.vectors(), i * dimensions) / (queryScale * scales[i]);
                if (similarity >= minimum) {
                    UUID memory = segment.memories()[i];
                    Integer newest = vectors.newestSegment().get(memory);
                    if (newest == null || newest == index) {
                        above.add(new Match(memory, segment.chunks()[i], similarity));
                    }
                }
            }
        }
    }

    private static List<Slice> slices(UserVectors vectors) {
        List<Slice> slices = new ArrayList<>();
        for (int s = 0; s < vectors.segments().size(); s++) {
            int size = vectors.segments().get(s).size();
            for (int from = 0; from < size; from += SLICE_ROWS) {
                slices.add(new Slice(s, from, Math.min(size, from + SLICE_ROWS)));
            }
        }
        return slices;
    }

    /** Forgets the user's vectors held here (the next search loads them afresh). */
    public void forget(UUID userId) {
        users.invalidate(userId);
    }

    private UserVectors current(UUID userId) {
        UserVectors held = users.getIfPresent(userId);
        if (held == null || System.nanoTime() - held.loadedAtNanos() > MAX_AGE.toNanos()) {
            UserVectors loaded = load(userId, null, List.of(), Map.of(), System.nanoTime());
            users.put(userId, loaded);
            return loaded;
        }
        Instant newest = newestWrite(userId);
        if (newest == null || !newest.isAfter(held.loadedUpTo())) {
            return held;
        }
        UserVectors caughtUp = held.segments().size() >= MAX_SEGMENTS
                ? load(userId, null, List.of(), Map.of(), System.nanoTime())
                : load(userId, held.loadedUpTo().minus(OVERLAP), held.segments(), held.newestSegment(),
                        held.loadedAtNanos());
        users.put(userId, caughtUp);
        return caughtUp;
    }

    private Instant newestWrite(UUID userId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select max(written_at) from memory_embeddings where user_id = ?")) {
            statement.setObject(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Timestamp newest = rows.getTimestamp(1);
                return newest == null ? null : newest.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the newest embedding of a user failed", e);
        }
    }

    /** The segments given plus one of the chunks written after {@code since} (all of them if {@code null}). */
    private UserVectors load(UUID userId, Instant since, List<Segment> before, Map<UUID, Integer> newestBefore,
                             long loadedAtNanos) {
        String sql = "select memory_id, chunk, vector, written_at from memory_embeddings where user_id = ?"
                + (since == null ? "" : " and written_at > ?");
        byte[] vectors = new byte[1024 * Vectors.DIMENSIONS];
        float[] scales = new float[1024];
        float[] vector = new float[Vectors.DIMENSIONS];
        List<UUID> memories = new ArrayList<>();
        List<Short> chunks = new ArrayList<>();
        Instant newest = since == null ? Instant.EPOCH : since;
        try (Connection connection = dataSource.getConnection()) {
            // Streamed in batches, which PgJDBC does only inside a transaction: a user's vectors can be a hundred
            // megabytes. A search's own transaction serves (and is the caller's to end); outside one (a hybrid
            // search scans on another thread) the read opens its own.
            boolean ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, userId);
                if (since != null) {
                    statement.setTimestamp(2, Timestamp.from(since));
                }
                statement.setFetchSize(4096);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        int row = memories.size();
                        if (row == scales.length) {
                            vectors = Arrays.copyOf(vectors, vectors.length * 2);
                            scales = Arrays.copyOf(scales, scales.length * 2);
                        }
                        Vectors.readInto(rows.getBytes(3), vector, 0, Vectors.DIMENSIONS);
                        scales[row] = Vectors.quantise(vector, vectors, row * Vectors.DIMENSIONS);
                        memories.add(rows.getObject(1, UUID.class));
                        chunks.add(rows.getShort(2));
                        Instant written = rows.getTimestamp(4).toInstant();
                        if (written.isAfter(newest)) {
                            newest = written;
                        }
                    }
                }
            } finally {
                if (ownTransaction) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the embeddings of a user failed", e);
        }
        short[] chunkArray = new short[chunks.size()];
        for (int i = 0; i < chunkArray.length; i++) {
            chunkArray[i] = chunks.get(i);
        }
        Segment segment = new Segment(Arrays.copyOf(vectors, memories.size() * Vectors.DIMENSIONS),
                Arrays.copyOf(scales, memories.size()), memories.toArray(new UUID[0]), chunkArray);
        List<Segment> segments = new ArrayList<>(before);
        Map<UUID, Integer> newestSegment = new HashMap<>(newestBefore);
        if (since != null) {
            for (UUID memory : segment.memories()) {
                newestSegment.put(memory, segments.size());
            }
        }
        segments.add(segment);
        return new UserVectors(List.copyOf(segments), Map.copyOf(newestSegment), newest, loadedAtNanos);
    }
}
