package dev.whitemagic.rest.mcp;

/**
 * A JSON-RPC error for the request being answered: a malformed message or an unknown method, tool or argument. A
 * failure inside a tool is not one of these: it is a result with {@code isError}.
 */
final class JsonRpcError extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private final int code;

    JsonRpcError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
