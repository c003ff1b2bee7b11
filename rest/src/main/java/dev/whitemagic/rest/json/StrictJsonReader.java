package dev.whitemagic.rest.json;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads every JSON request body the API takes (its request records) strictly, in one place: no value is coerced to
 * another type, and what a lenient parser would guess at is refused with 400 {@code validation_failed} naming the
 * field ({@link JsonTree}, {@link RecordBinder}). Answers are still written by JSON-B.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
@Priority(Priorities.ENTITY_CODER)
public class StrictJsonReader implements MessageBodyReader<Object> {

    private static final String OUR_PACKAGE = "dev.whitemagic.";

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && type.getName().startsWith(OUR_PACKAGE);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return RecordBinder.bind(type, JsonTree.parse(body.readAllBytes()));
    }
}
