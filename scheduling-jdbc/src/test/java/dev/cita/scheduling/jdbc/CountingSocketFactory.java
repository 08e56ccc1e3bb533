package dev.cita.scheduling.jdbc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * A socket factory for the PostgreSQL driver ({@code socketFactory=} in the URL) that counts round
 * trips: the driver sends each request (one or more statements up to a Sync, or a commit) and
 * flushes once before it waits for the answer, so flushes are round trips.
 */
public final class CountingSocketFactory extends SocketFactory {
  /** Flushes on every socket this factory made, since the last {@link #reset()}. */
  private static final AtomicInteger FLUSHES = new AtomicInteger();

  /** For the driver, which instantiates the factory by its class name. */
  public CountingSocketFactory() {}

  static void reset() {
    FLUSHES.set(0);
  }

  static int roundTrips() {
    return FLUSHES.get();
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      private OutputStream counting;

      @Override
      public synchronized OutputStream getOutputStream() throws IOException {
        if (counting == null) {
          counting =
              new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                  FLUSHES.incrementAndGet();
                  out.flush();
                }
              };
        }
        return counting;
      }
    };
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("the driver connects the socket itself");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException("the driver connects the socket itself");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("the driver connects the socket itself");
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException("the driver connects the socket itself");
  }
}
