package io.cutover.agent.runtime;

import java.io.IOException;
import java.net.InetAddress;

/** This machine's host name, as agents report it (rollout.status {@code host}) so hosts shared by nodes can be told. */
public final class HostName {

    private HostName() {
    }

    /** The local host name; "localhost" when the machine cannot name itself. */
    public static String local() {
        return local("localhost");
    }

    public static String local(String fallback) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return fallback;
        }
    }
}
