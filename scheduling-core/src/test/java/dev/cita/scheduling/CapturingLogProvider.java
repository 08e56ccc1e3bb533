package dev.cita.scheduling;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of this module's tests (chosen by the {@code slf4j.provider} system property
 * in the POM): slf4j-simple's loggers and output, plus what slf4j-simple lacks, a working MDC (its
 * own is a no-op), and a capturing appender: every log call is kept with the MDC of that moment, so
 * a test can check which context keys a line carried.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
  /** One log call: logger, level, formatted message and the MDC when it was made. */
  public record Event(String logger, Level level, String message, Map<String, String> mdc) {}

  private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

  private final SimpleServiceProvider simple = new SimpleServiceProvider();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

  /** {@return a copy of the current thread's MDC, empty when it has none} */
  public static Map<String, String> mdc() {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return context == null ? Map.of() : Map.copyOf(context);
  }

  /** Forgets the events captured so far. */
  public static void clear() {
    EVENTS.clear();
  }

  /** {@return the events captured since the last clear, oldest first} */
  public static List<Event> events() {
    return List.copyOf(EVENTS);
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name ->
        loggers.computeIfAbsent(name, n -> new Capturing(simple.getLoggerFactory().getLogger(n)));
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return simple.getMarkerFactory();
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return simple.getRequestedApiVersion();
  }

  @Override
  public void initialize() {
    simple.initialize();
  }

  /** Keeps each call with the MDC, then hands it to slf4j-simple's logger. */
  private static final class Capturing extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger delegate;

    Capturing(Logger delegate) {
      this.delegate = delegate;
      this.name = delegate.getName();
    }

    @Override
    public boolean isTraceEnabled() {
      return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return delegate.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
      EVENTS.add(
          new Event(name, level, MessageFormatter.basicArrayFormat(message, arguments), mdc()));
      LoggingEventBuilder event = delegate.atLevel(level);
      if (throwable != null) {
        event = event.setCause(throwable);
      }
      if (arguments != null) {
        for (Object argument : arguments) {
          event = event.addArgument(argument);
        }
      }
      event.log(message);
    }
  }
}
