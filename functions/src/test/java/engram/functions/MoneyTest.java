package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.functions.api.Money;
import org.junit.jupiter.api.Test;

/** USD and micro-dollars: charges round up, caps to the nearest micro-dollar, both saturate. */
class MoneyTest {

    @Test
    void aChargeIsNeverBelowItsPriceButFloatNoiseDoesNotRoundItUp() {
        assertEquals(2, Money.chargeMicros(0.0000012));
        assertEquals(100_000, Money.chargeMicros(0.1));          // 0.1 * 1e6 is 100000.00000000001
        assertEquals(700, Money.chargeMicros(0.0002 + 0.00001 * 50));
        assertEquals(Long.MAX_VALUE, Money.chargeMicros(1e300));
    }

    @Test
    void aCapRoundsToTheNearestMicroDollar() {
        assertEquals(1, Money.capMicros(0.0000012));
        assertEquals(250_000, Money.capMicros(0.25));
        assertEquals(Long.MAX_VALUE, Money.capMicros(1e300));
        assertEquals(0.25, Money.usd(250_000));
    }
}
