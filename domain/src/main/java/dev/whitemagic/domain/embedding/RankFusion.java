package dev.whitemagic.domain.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: each ranking gives an item {@code 1 / (K + rank)} (rank from 1), the sums order the
 * fused list. An item that both rankings found outranks one that only one found at the same place; ties keep the
 * order of the first ranking, then the second.
 */
public final class RankFusion {

    /** The constant of the original paper (Cormack, Clarke and Büttcher, 2009), which damps the top ranks' weight. */
    public static final int K = 60;

    /** Which rankings found an item. */
    public enum Found { FIRST, SECOND, BOTH }

    /**
     * @param item  the item
     * @param score its fused score
     * @param found which rankings found it
     */
    public record Fused<T>(T item, double score, Found found) {
    }

    private RankFusion() {
    }

    /** The two rankings fused, best first; each item once (by {@code equals}). */
    public static <T> List<Fused<T>> fuse(List<T> first, List<T> second) {
        Map<T, double[]> scores = new LinkedHashMap<>();
        Map<T, Found> found = new LinkedHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            scores.computeIfAbsent(first.get(i), item -> new double[1])[0] += 1.0 / (K + i + 1);
            found.putIfAbsent(first.get(i), Found.FIRST);
        }
        for (int i = 0; i < second.size(); i++) {
            scores.computeIfAbsent(second.get(i), item -> new double[1])[0] += 1.0 / (K + i + 1);
            found.merge(second.get(i), Found.SECOND, (was, now) -> was == Found.FIRST ? Found.BOTH : was);
        }
        List<Fused<T>> fused = new ArrayList<>(scores.size());
        scores.forEach((item, score) -> fused.add(new Fused<>(item, score[0], found.get(item))));
        // A stable sort: equal scores keep the order of insertion, the first ranking's first.
        fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
        return List.copyOf(fused);
    }
}
