package engram.functions.api;

import engram.knowledge.filter.BeaconConfig;
import engram.knowledge.filter.BeaconOutput;
import engram.knowledge.filter.BeaconSelectionRule;

/**
 * Semantic Beacons settings ({@link BeaconConfig} documents each); a missing field keeps
 * {@link BeaconConfig#defaults()}.
 */
public record BeaconParams(Integer layer, BeaconOutput output, Boolean firstTokenOnly, Boolean centre,
                           Double overlapThreshold, Double disagreementThreshold, BeaconSelectionRule selection,
                           Double keepFraction, Double spreadWeight, Double distanceQuantile, Double gamma,
                           Integer batchSize) {

    /** The library config, validated. */
    public BeaconConfig toConfig() {
        BeaconConfig d = BeaconConfig.defaults();
        BeaconConfig c = new BeaconConfig(or(layer, d.layer()), or(output, d.output()),
                or(firstTokenOnly, d.firstTokenOnly()), or(centre, d.centre()),
                or(overlapThreshold, d.overlapThreshold()), or(disagreementThreshold, d.disagreementThreshold()),
                or(selection, d.selection()), or(keepFraction, d.keepFraction()), or(spreadWeight, d.spreadWeight()),
                or(distanceQuantile, d.distanceQuantile()), or(gamma, d.gamma()), or(batchSize, d.batchSize()));
        Check.inRange(batchSize, 1, 256, "beacons.batchSize");
        return Check.library("beacons", () -> {
            c.validate();
            return c;
        });
    }

    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
