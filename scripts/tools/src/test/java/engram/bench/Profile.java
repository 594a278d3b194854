package engram.bench;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's operator profiler around a timed section, when {@code -Dengram.profile=<prefix>} is set: writes
 * {@code <prefix>-<section>.json} (a Chrome trace; {@code scripts/bench/profile_summary.py} sums it up). The
 * profiler slows the section down, so a profiled run's figures are not for the table.
 */
final class Profile {
    private static final String PREFIX = System.getProperty("engram.profile");

    private Profile() {}

    static void start() {
        if (PREFIX != null) {
            JniUtils.startProfile(false, true, false);
        }
    }

    static void stop(String section) {
        if (PREFIX != null) {
            JniUtils.stopProfile(PREFIX + "-" + section + ".json");
        }
    }
}
