package familygraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j for the test suite: Bolt on 127.0.0.1 (port from argv[0], 0 = any free port),
 * database folder argv[1], HTTP off, small page cache. Auth is off, unless argv[2] gives a password: then auth
 * is on with user "neo4j" and that password (the credential tests need a server that can refuse them). Prints "NEO4J READY bolt://127.0.0.1:PORT" once it accepts
 * connections, then runs until it is signalled or its parent process (the start script) ends, and shuts the
 * database down cleanly either way.
 */
public final class TestNeo4j {
    private TestNeo4j() {}

    /** Page cache size: small for the test suite, larger for benchmarks (NEO4J_PAGECACHE_MB). */
    private static long pageCacheMb() {
        String value = System.getenv("NEO4J_PAGECACHE_MB");
        return value == null || value.isBlank() ? 64L : Long.parseLong(value.trim());
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String password = args.length > 2 ? args[2] : null;
        Path workDir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("familygraph-neo4j");
        Files.createDirectories(workDir);

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(HttpConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .withConfig(GraphDatabaseSettings.allow_file_urls, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb() * 1024 * 1024)
                .build();

        if (password != null) {
            neo4j.databaseManagementService().database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            neo4j.close();
            stopped.countDown();
        }));

        System.out.println("NEO4J READY " + neo4j.boltURI());
        System.out.flush();

        // If the start script dies without stopping us (even by SIGKILL), do not linger as an orphan.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        stopped.await();
    }
}
