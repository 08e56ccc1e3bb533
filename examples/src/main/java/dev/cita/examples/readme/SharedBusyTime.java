package dev.cita.examples.readme;

import dev.cita.scheduling.calcom.CalComCalendarProvider;
import dev.cita.scheduling.calcom.CalComClient;
import dev.cita.scheduling.calcom.CalComTenants;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.sync.AvailabilityCache;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.CredentialManager;
import java.util.List;
import java.util.function.Supplier;

/** Several app nodes on one database: each branch's Cal.com is read once, and all nodes see it. */
public class SharedBusyTime {
  /** The same on every node; {@code nodeId} is unique per node (a host name, a pod name). */
  public static CalComCalendarProvider calcom(
      JdbcStores stores,
      CalComClient client,
      CalComTenants branches,
      CredentialManager credentials) {
    return CalComCalendarProvider.builder(client, branches, credentials)
        .busyCache(ExternalBusyCache.shared(stores.busyTime(), "calcom")) // read by every node
        .availabilityCache(AvailabilityCache.shared(stores.busyTime(), "calcom"))
        .build();
  }

  /** Starts the refresh; one node at a time refreshes each branch, the others skip it. */
  public static BusyRefresher keepBusyTimeFresh(
      JdbcStores stores,
      CalComCalendarProvider calcom,
      Supplier<List<TenantId>> branchIds,
      String nodeId) {
    BusyRefresher busy = calcom.busyRefresher(branchIds).lease(stores.leases(), nodeId).build();
    busy.start(); // stop() on shutdown gives this node's leases to the others at once
    return busy;
  }
}
