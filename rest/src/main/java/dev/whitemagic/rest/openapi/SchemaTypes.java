package dev.whitemagic.rest.openapi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * A schema's type and nullability through either generation of the MicroProfile OpenAPI model, whichever the server
 * provides: 3.x (Payara; OpenAPI 3.0 documents) has one {@code SchemaType} and a {@code nullable} flag, 4.x (WildFly;
 * OpenAPI 3.1) has a list of types in which {@code NULL} stands for nullable, and neither has the other's methods.
 * The WAR is compiled against 3.x; the methods of the running generation are found once, by their signatures.
 */
final class SchemaTypes {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    /** Whether the server's model is 4.x: {@code getType()} returns a list. */
    static final boolean LIST_OF_TYPES;

    /** 4.x only: the type that allows null (3.x has no such constant). */
    private static final SchemaType NULL;

    private static final MethodHandle GET_TYPE;
    private static final MethodHandle SET_TYPE;
    private static final MethodHandle GET_NULLABLE;
    private static final MethodHandle SET_NULLABLE;
    /** 3.x only: the Boolean flags that its scanners write as false on every schema, getter and setter in turn. */
    private static final List<MethodHandle> FALSE_FLAGS = new ArrayList<>();

    static {
        try {
            Class<?> returned = Schema.class.getMethod("getType").getReturnType();
            LIST_OF_TYPES = List.class.isAssignableFrom(returned);
            NULL = LIST_OF_TYPES ? SchemaType.valueOf("NULL") : null;
            GET_TYPE = LOOKUP.findVirtual(Schema.class, "getType", MethodType.methodType(returned));
            SET_TYPE = LOOKUP.findVirtual(Schema.class, "setType", MethodType.methodType(void.class, returned));
            GET_NULLABLE = LIST_OF_TYPES ? null
                    : LOOKUP.findVirtual(Schema.class, "getNullable", MethodType.methodType(Boolean.class));
            SET_NULLABLE = LIST_OF_TYPES ? null
                    : LOOKUP.findVirtual(Schema.class, "setNullable", MethodType.methodType(void.class, Boolean.class));
            if (!LIST_OF_TYPES) {
                for (String flag : List.of("Nullable", "ExclusiveMaximum", "ExclusiveMinimum")) {
                    FALSE_FLAGS.add(LOOKUP.findVirtual(Schema.class, "get" + flag,
                            MethodType.methodType(Boolean.class)));
                    FALSE_FLAGS.add(LOOKUP.findVirtual(Schema.class, "set" + flag,
                            MethodType.methodType(void.class, Boolean.class)));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SchemaTypes() {
    }

    /** A new schema of the given type. */
    static Schema of(SchemaType type) {
        return set(OASFactory.createSchema(), type);
    }

    /** @return whether the schema's type (other than null) is {@code type} */
    static boolean is(Schema schema, SchemaType type) {
        return type == typeOf(schema);
    }

    /** @return the schema's type other than null, or null when it has none (or several) */
    static SchemaType typeOf(Schema schema) {
        Object type = invoke(GET_TYPE, schema);
        if (!LIST_OF_TYPES) {
            return (SchemaType) type;
        }
        if (type == null) {
            return null;
        }
        List<SchemaType> types = new ArrayList<>();
        for (Object each : (List<?>) type) {
            if (each != NULL) {
                types.add((SchemaType) each);
            }
        }
        return types.size() == 1 ? types.get(0) : null;
    }

    /** Makes {@code type} the schema's only type, keeping it nullable if it was. */
    static Schema set(Schema schema, SchemaType type) {
        if (LIST_OF_TYPES) {
            List<SchemaType> types = new ArrayList<>(List.of(type));
            if (isNullable(schema)) {
                types.add(NULL);
            }
            invoke(SET_TYPE, schema, types);
        } else {
            invoke(SET_TYPE, schema, type);
        }
        return schema;
    }

    /** @return whether the schema says that null is allowed */
    static boolean isNullable(Schema schema) {
        if (LIST_OF_TYPES) {
            Object types = invoke(GET_TYPE, schema);
            return types != null && ((List<?>) types).contains(NULL);
        }
        return Boolean.TRUE.equals(invoke(GET_NULLABLE, schema));
    }

    /**
     * Allows null. A schema without a type already allows anything in 4.x (a list holding only null would allow
     * nothing else), so it is left as it is there.
     */
    static Schema nullable(Schema schema) {
        if (!LIST_OF_TYPES) {
            invoke(SET_NULLABLE, schema, Boolean.TRUE);
        } else {
            Object types = invoke(GET_TYPE, schema);
            if (types != null && !((List<?>) types).isEmpty() && !((List<?>) types).contains(NULL)) {
                List<Object> withNull = new ArrayList<>((List<?>) types);
                withNull.add(NULL);
                invoke(SET_TYPE, schema, withNull);
            }
        }
        return schema;
    }

    /**
     * Drops {@code nullable}, {@code exclusiveMaximum} and {@code exclusiveMinimum} where they are false, as 3.x
     * scanners write them on every schema; in 4.x the exclusive bounds are numbers and nullability is a type.
     */
    static void clearFalseFlags(Schema schema) {
        for (int i = 0; i < FALSE_FLAGS.size(); i += 2) {
            if (Boolean.FALSE.equals(invoke(FALSE_FLAGS.get(i), schema))) {
                invoke(FALSE_FLAGS.get(i + 1), schema, (Object) null);
            }
        }
    }

    private static Object invoke(MethodHandle method, Schema schema, Object... arguments) {
        try {
            Object[] all = new Object[arguments.length + 1];
            all[0] = schema;
            System.arraycopy(arguments, 0, all, 1, arguments.length);
            return method.invokeWithArguments(all);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
