package dev.whitemagic.domain.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void aShortMemory_isOneChunk_withTitleTagsAndContent() {
        List<Chunks.Chunk> chunks = Chunks.of("Emma's birthday", List.of("family", "dates"),
                "Emma turns seven on March 3");

        assertThat(chunks).containsExactly(new Chunks.Chunk(
                "Emma's birthday: Emma turns seven on March 3 #family #dates", "Emma turns seven on March 3"));
    }

    @Test
    void emptyContent_isEmbeddedByTitleAndTags() {
        assertThat(Chunks.of("Standup notes", List.of(), " ")).containsExactly(
                new Chunks.Chunk("Standup notes", "Standup notes"));
    }

    @Test
    void longContent_isCutIntoOverlappingChunks_eachStartingWithTheTitle() {
        String content = IntStream.range(0, 250).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));

        List<Chunks.Chunk> chunks = Chunks.of("Title", List.of("t"), content);

        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).text()).startsWith("Title: w0 w1").endsWith(" w119 #t");
        assertThat(chunks.get(1).text()).startsWith("Title: w100 ").endsWith(" w219");
        assertThat(chunks.get(2).text()).startsWith("Title: w200 ").endsWith(" w249");
        assertThat(chunks.get(1).snippet()).startsWith("w100 ").hasSizeLessThanOrEqualTo(Chunks.SNIPPET_LENGTH);
    }

    @Test
    void aHugeMemory_stopsAtTheMostChunks() {
        String content = "word ".repeat(100_000);

        assertThat(Chunks.of("t", List.of(), content)).hasSize(Chunks.MAX_CHUNKS);
    }
}
