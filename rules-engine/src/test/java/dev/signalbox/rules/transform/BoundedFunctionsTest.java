package dev.signalbox.rules.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.dashjoin.jsonata.Functions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass {@code $pad} gives exactly what jsonata-java's own gives, the oracle here. */
class BoundedFunctionsTest {

    @Test
    void padMatchesTheLibrary() {
        List<String> texts = List.of("", "ab", "é", "\uD83D\uDE00x", "long text here");
        List<Integer> widths = List.of(-20, -7, -3, -2, -1, 0, 1, 2, 3, 7, 20);
        List<String> paddings = Arrays.asList(null, "", "#", "ab", "\uD83D\uDE00", "x\uD83D\uDE00y");
        int compared = 0;
        for (String text : texts) {
            for (int width : widths) {
                for (String padding : paddings) {
                    String expected = Functions.pad(text, width, padding);
                    assertEquals(
                            expected,
                            BoundedFunctions.pad(text, width, padding),
                            "$pad('" + text + "', " + width + ", " + padding + ")");
                    compared++;
                }
            }
        }
        assertEquals(330, compared);
        assertNull(BoundedFunctions.pad(null, 5, "#"));
        assertEquals(Functions.pad("a", 2.7, "#"), BoundedFunctions.pad("a", 2.7, "#"), "a fractional width");
    }
}
