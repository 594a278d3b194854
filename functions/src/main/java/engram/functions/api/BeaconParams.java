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
        Check.inRange(batchSize, 1, 256, "beacons.batchSize");
        BeaconConfig config = Overlay.over("beacons", BeaconConfig.defaults(), this);
        return Check.library("beacons", () -> {
            config.validate();
            return config;
        });
    }
}
