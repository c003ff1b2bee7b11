package dev.whitemagic.rest.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The length of a text in characters as people and PostgreSQL count them (Unicode code points), where
 * {@code @Size} counts UTF-16 units and refuses 300 emoji as 600. {@code null} is valid (pair with
 * {@code @NotBlank} when required).
 */
@Documented
@Constraint(validatedBy = Chars.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface Chars {

    int min() default 0;

    int max();

    String message() default "must be {min} to {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Counts code points. */
    class Validator implements ConstraintValidator<Chars, String> {

        private int min;
        private int max;

        @Override
        public void initialize(Chars chars) {
            min = chars.min();
            max = chars.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int length = value.codePointCount(0, value.length());
            return length >= min && length <= max;
        }
    }
}
