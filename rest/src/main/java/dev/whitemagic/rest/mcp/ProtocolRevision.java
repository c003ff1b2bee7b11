package dev.whitemagic.rest.mcp;

import java.util.Arrays;
import java.util.Optional;

/** The MCP protocol revisions this server speaks, newest first, and what differs between them here. */
enum ProtocolRevision {
    V2025_11_25("2025-11-25"),
    V2025_06_18("2025-06-18"),
    V2025_03_26("2025-03-26");

    /** What a request without the {@code MCP-Protocol-Version} header speaks, as the transport specifies. */
    static final ProtocolRevision WITHOUT_HEADER = V2025_03_26;

    static final String HEADER = "MCP-Protocol-Version";

    private final String text;

    ProtocolRevision(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    static ProtocolRevision newest() {
        return V2025_11_25;
    }

    /** The revision of an {@code initialize} that asks for {@code asked}: that one if known, else the newest. */
    static ProtocolRevision negotiate(String asked) {
        return of(asked).orElse(newest());
    }

    static Optional<ProtocolRevision> of(String text) {
        return Arrays.stream(values()).filter(revision -> revision.text.equals(text)).findFirst();
    }

    /** Since 2025-06-18: tools have a title and an output schema, and results structured content. */
    boolean structured() {
        return this != V2025_03_26;
    }

    /** Only 2025-03-26 has JSON-RPC batches; later revisions removed them. */
    boolean batches() {
        return this == V2025_03_26;
    }

    static String known() {
        return String.join(", ", Arrays.stream(values()).map(ProtocolRevision::text).toList());
    }
}
