package io.cutover.aggregator.domain;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest committed {@link NetworkOverview}, for the dashboard. Watchers get the current view, then
 * every view that differs from the one before.
 */
public final class NetworkBoard {

    private final List<Consumer<NetworkOverview>> watchers = new CopyOnWriteArrayList<>();
    private NetworkOverview current;

    /** Empty until this instance has been active once (network.toml applied). */
    public synchronized Optional<NetworkOverview> current() {
        return Optional.ofNullable(current);
    }

    public synchronized void publish(NetworkOverview view) {
        if (view.equals(current)) {
            return;
        }
        current = view;
        watchers.forEach(w -> w.accept(view));
    }

    public synchronized ProposalBoard.Watch watch(Consumer<NetworkOverview> watcher) {
        if (current != null) {
            watcher.accept(current);
        }
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }
}
