package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorldSpecTest {

    private static final WorldSpec STANDARD = WorldSpec.standard(1);

    @Test
    void standardSpecMeetsTheMinimumsAndValidates() {
        assertEquals(STANDARD, STANDARD.validate());
        assertTrue(STANDARD.people() + STANDARD.cities() + STANDARD.countries() + STANDARD.organisations()
                + STANDARD.works() >= 1000);
        assertTrue(STANDARD.authors() >= 100);
    }

    @Test
    void validateNamesTheFieldAndTheBadValue() {
        assertMessage("people must be at least 10 but was 3", new WorldSpec(1, 3, 120, 25, 120, 150, 110));
        assertMessage("countries must be at least 2 but was 1", new WorldSpec(1, 600, 120, 1, 120, 150, 110));
        assertMessage("cities must be at least 25 but was 20", new WorldSpec(1, 600, 20, 25, 120, 150, 110));
        assertMessage("organisations must be at least 2 but was 0", new WorldSpec(1, 600, 120, 25, 0, 150, 110));
        assertMessage("authors must be at least 10 but was 5", new WorldSpec(1, 600, 120, 25, 120, 150, 5));
        assertMessage("works must be at least 110 but was 100", new WorldSpec(1, 600, 120, 25, 120, 100, 110));
        assertMessage("authors must be at most half of people (150) but was 160",
                new WorldSpec(1, 300, 120, 25, 120, 200, 160));
        assertMessage("organisations must be at most half of people (300) but was 301",
                new WorldSpec(1, 600, 120, 25, 301, 150, 110));
    }

    @Test
    void generateRefusesAnInvalidSpecBeforeDrawingAnything() {
        WorldSpec tooFewPeople = new WorldSpec(1, 3, 120, 25, 120, 150, 110);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> World.generate(tooFewPeople));
        assertTrue(e.getMessage().startsWith("people"), e.getMessage());
    }

    @Test
    void aSmallValidSpecStillYieldsOneBiographyPerAuthorAndOneItemPerFact() {
        World world = World.generate(new WorldSpec(3, 40, 10, 3, 5, 12, 10));
        assertEquals(10, world.biographies().size());
        assertEquals(world.facts().size(), world.editItems().size());
        assertEquals(1, world.biographies().stream().filter(Biography::holdout).count());
    }

    private static void assertMessage(String expected, WorldSpec spec) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, spec::validate).getMessage());
    }
}
