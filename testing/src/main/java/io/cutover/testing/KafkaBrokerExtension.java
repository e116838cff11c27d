package io.cutover.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes a real Kafka broker: {@code @ExtendWith(KafkaBrokerExtension.class)}, then take a
 * {@link KafkaBroker} parameter (in a {@code @BeforeAll}, a constructor or a test method).
 *
 * <p>By default every class of the test run shares one broker: started by the first class that asks,
 * stopped (and its data deleted) when the run ends; a class that stopped it finds it running again.
 * Classes use their own proposal ids, chains and consumer groups. A class that counts everything on a
 * topic, or replays a whole topic, is annotated {@link FreshBroker} and gets a broker of its own,
 * started before it and stopped after it.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KafkaBroker own = context.getStore(NAMESPACE).remove(KafkaBroker.class, KafkaBroker.class);
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    private static KafkaBroker broker(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (testClass.isAnnotationPresent(FreshBroker.class)) {
            ExtensionContext classContext = classContext(context);
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(KafkaBroker.class, k -> KafkaBroker.start(), KafkaBroker.class);
        }
        Shared shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
        return shared.running();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The run's broker; closed by JUnit when the run ends. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        private KafkaBroker broker;

        synchronized KafkaBroker running() {
            if (broker == null) {
                broker = KafkaBroker.startShared();
            } else if (!broker.isRunning()) {
                broker.restart();
            }
            return broker;
        }

        @Override
        public synchronized void close() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
