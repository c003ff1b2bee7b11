package dev.whitemagic.rest.openapi;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Payara copies every default of a {@code @Schema} annotation into the document
 * ({@code maxProperties: 0}, {@code minLength: 0}, {@code nullable: false}, …). Some of those defaults
 * change meaning — {@code maxProperties: 0} forbids every property — so this filter removes them,
 * leaving only what an annotation really said.
 */
public class SchemaDefaultsFilter implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        if (isZero(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (isZero(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (isZero(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (isZero(schema.getMinItems())) {
            schema.setMinItems(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
            schema.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
            schema.setExclusiveMinimum(null);
        }
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getNullable())) {
            schema.setNullable(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        return schema;
    }

    private static boolean isZero(Integer value) {
        return value != null && value == 0;
    }

    static boolean isZero(BigDecimal value) {
        return value != null && value.signum() == 0;
    }
}
