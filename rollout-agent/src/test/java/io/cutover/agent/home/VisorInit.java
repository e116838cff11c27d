package io.cutover.agent.home;

/** What {@code visor init --with-data-node} writes (Visor's DefaultVisorConfig and ExampleRunConfig, go-toml's literal strings). */
public final class VisorInit {

    /** The top-level keys of config.toml. */
    public static final String KEYS = """
            maxNumberOfFirstConnectionRetries = 175000
            maxNumberOfRestartConnectionRetries = 10
            maxNumberOfRestarts = 3
            restartsDelaySeconds = 5
            stopDelaySeconds = 0
            stopSignalTimeoutSeconds = 15
            """;

    private VisorInit() {
    }

    /** The whole config.toml, on a host whose asset is {@code asset} (Visor: vega-&lt;GOOS&gt;-amd64.zip). */
    public static String config(String asset) {
        return KEYS + """

                [upgradeFolders]
                'vX.X.X' = 'vX.X.X'

                [autoInstall]
                enabled = true
                repositoryOwner = 'vegaprotocol'
                repository = 'vega'

                [autoInstall.asset]
                name = '%s'
                binaryName = 'vega'
                """.formatted(asset);
    }

    /** The example run-config of release folder {@code name} (genesis, vX.X.X). */
    public static String runConfig(String name) {
        return """
                name = '%s'

                [vega]
                [vega.binary]
                path = 'vega'
                args = ['arg1', 'arg2', '...']

                [vega.rpc]
                socketPath = ''
                httpPath = ''

                [data_node]
                [data_node.binary]
                path = 'vega data-node'
                args = ['arg1', 'arg2', '...']
                """.formatted(name);
    }
}
