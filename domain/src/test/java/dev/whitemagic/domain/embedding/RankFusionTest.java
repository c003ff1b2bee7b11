package dev.whitemagic.domain.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.embedding.RankFusion.Found;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    void anItemBothFound_ranksFirst_evenBelowTheTopOfEach() {
        List<RankFusion.Fused<String>> fused = RankFusion.fuse(List.of("k1", "both"), List.of("s1", "both"));

        assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("both", "k1", "s1");
        assertThat(fused.get(0).found()).isEqualTo(Found.BOTH);
        assertThat(fused.get(0).score()).isEqualTo(2.0 / (RankFusion.K + 2));
        assertThat(fused.get(1).found()).isEqualTo(Found.FIRST);
        assertThat(fused.get(2).found()).isEqualTo(Found.SECOND);
    }

    @Test
    void equalScores_keepTheFirstRankingsOrderFirst() {
        assertThat(RankFusion.fuse(List.of("a", "b"), List.of("c", "d")))
                .extracting(RankFusion.Fused::item).containsExactly("a", "c", "b", "d");
    }

    @Test
    void oneEmptyRanking_isTheOtherRanking() {
        assertThat(RankFusion.fuse(List.of(), List.of("x", "y"))).extracting(RankFusion.Fused::item)
                .containsExactly("x", "y");
    }
}
