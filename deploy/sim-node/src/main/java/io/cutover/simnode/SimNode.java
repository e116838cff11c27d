package io.cutover.simnode;

/** Entry point of the simulated node; see deploy/sim-node/README.md. */
public final class SimNode {

    private SimNode() {
    }

    public static void main(String[] args) {
        String version = System.getProperty("simnode.version", "v0.0.0");
        if (args.length >= 1 && args[0].equals("version")) {
            System.out.println("{\"version\":\"" + version + "\"}");
            return;
        }
        System.err.println("usage: sim-node version --output json | run --home DIR ...");
        System.exit(2);
    }
}
