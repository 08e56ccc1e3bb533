package dev.cita.scheduling.token;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every status change it hears; test-only. */
final class RecordingListener implements ConnectionListener {
  record Change(ConnectionKey connection, ConnectionState before, ConnectionState after) {}

  final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public void statusChanged(
      ConnectionKey connection, ConnectionState before, ConnectionState after) {
    changes.add(new Change(connection, before, after));
  }
}
