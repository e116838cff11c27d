package io.cutover.core.proposal;

import java.util.Locale;

/** This machine's platform in the artifacts' "os/arch" form, e.g. "linux/amd64". */
public final class Platform {

    private Platform() {
    }

    public static String current() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os;
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String archName = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return osName + "/" + archName;
    }
}
