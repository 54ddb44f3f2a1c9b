package de.deutschlandstack.core.odata.query;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.GregorianCalendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client values reach entity attributes in their Java type, or fail as the client's error. */
class ValuesTest {

    enum Status { OPEN, DONE }

    @Test
    void numbersWidenAndNarrowWithoutLosingDigits() {
        assertThat(Values.convert(5, BigDecimal.class)).isEqualTo(new BigDecimal("5"));
        assertThat(Values.convert(new BigDecimal("12"), long.class)).isEqualTo(12L);
        assertThatThrownBy(() -> Values.convert(new BigDecimal("1.5"), Integer.class))
                .isInstanceOf(Values.InvalidValueException.class).hasMessageContaining("does not fit Integer");
        assertThatThrownBy(() -> Values.convert(Long.MAX_VALUE, Integer.class))
                .isInstanceOf(Values.InvalidValueException.class);
    }

    @Test
    void enumerationsAcceptOnlyTheirConstants() {
        assertThat(Values.convert("OPEN", Status.class)).isEqualTo(Status.OPEN);
        assertThatThrownBy(() -> Values.convert("open", Status.class))
                .isInstanceOf(Values.InvalidValueException.class).hasMessageContaining("OPEN, DONE");
    }

    @Test
    void pointsInTimeAndDatesFromOlingosTypes() {
        Instant instant = Instant.parse("2026-11-25T10:15:30Z");
        assertThat(Values.convert(Timestamp.from(instant), Instant.class)).isEqualTo(instant);
        assertThat(Values.convert(ZonedDateTime.ofInstant(instant, ZoneOffset.ofHours(1)), Instant.class)).isEqualTo(instant);
        assertThat(Values.convert(GregorianCalendar.from(ZonedDateTime.of(2026, 11, 25, 0, 0, 0, 0, ZoneOffset.UTC)), LocalDate.class))
                .isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(Values.convert(java.sql.Date.valueOf("2026-01-02"), LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
    }

    @Test
    void unrelatedTypesAreRefused() {
        assertThatThrownBy(() -> Values.convert("abc", Integer.class)).isInstanceOf(Values.InvalidValueException.class);
        assertThatThrownBy(() -> Values.convert(true, String.class)).isInstanceOf(Values.InvalidValueException.class);
        assertThat(Values.convert(null, Integer.class)).isNull();
    }
}
