package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.OAuthCredential;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a tenant's Google grant lets Cita do, read from the scopes Google granted. Users can untick
 * single permissions on Google's consent screen (granular consent), so a connection may hold fewer
 * scopes than were asked for: without {@link GoogleConfig#SCOPE_EVENTS} Cita cannot book or push
 * appointments and the connection is refused; without {@link GoogleConfig#SCOPE_FREEBUSY} it still
 * books, with busy time read only from the calendar's events (see {@link Limitation#NO_FREE_BUSY}).
 */
public final class GoogleGrant {
  /** Read and write all calendars: covers events and free/busy. */
  public static final String SCOPE_CALENDAR = "https://www.googleapis.com/auth/calendar";

  /** Read all calendars: covers free/busy, not event writes. */
  public static final String SCOPE_CALENDAR_READONLY =
      "https://www.googleapis.com/auth/calendar.readonly";

  /** Free/busy of calendars the user can access. */
  public static final String SCOPE_EVENTS_FREEBUSY =
      "https://www.googleapis.com/auth/calendar.events.freebusy";

  // Which scopes authorize which calls, from the "Authorization" section of each reference page:
  // events.insert/patch/delete/list and events.watch
  // (developers.google.com/calendar/api/v3/reference/events),
  // freebusy.query (developers.google.com/workspace/calendar/api/v3/reference/freebusy/query).
  private static final Set<String> EVENT_SCOPES = Set.of(SCOPE_CALENDAR, GoogleConfig.SCOPE_EVENTS);
  private static final Set<String> FREE_BUSY_SCOPES =
      Set.of(
          SCOPE_CALENDAR,
          SCOPE_CALENDAR_READONLY,
          GoogleConfig.SCOPE_FREEBUSY,
          SCOPE_EVENTS_FREEBUSY);

  /** A permission the grant lacks, the scope that would give it, and what Cita does without it. */
  public enum Limitation {
    /**
     * Events cannot be written or read: Cita cannot book or push appointments, so it does not
     * connect.
     */
    NO_EVENTS(
        GoogleConfig.SCOPE_EVENTS,
        "Cita cannot create, move or cancel events nor read the calendar's events,"
            + " so it cannot book with this calendar"),
    /** Free/busy cannot be read: busy time comes only from syncing the calendar's events. */
    NO_FREE_BUSY(
        GoogleConfig.SCOPE_FREEBUSY,
        "busy time is read only from the calendar's events (sync and push); free/busy snapshots are"
            + " skipped, so a calendar's busy time is unknown (busy() throws) until its first"
            + " sync");

    private final String scope;
    private final String effect;

    Limitation(String scope, String effect) {
      this.scope = scope;
      this.effect = effect;
    }

    /** {@return the scope whose grant lifts the limitation} */
    public String scope() {
      return scope;
    }

    /** {@return what Cita does without it, in a sentence for the admin} */
    public String effect() {
      return effect;
    }
  }

  private final Set<String> scopes;
  private final Set<Limitation> limitations;

  private GoogleGrant(Set<String> scopes) {
    this.scopes = Collections.unmodifiableSet(scopes);
    EnumSet<Limitation> missing = EnumSet.noneOf(Limitation.class);
    if (Collections.disjoint(scopes, EVENT_SCOPES)) {
      missing.add(Limitation.NO_EVENTS);
    }
    if (Collections.disjoint(scopes, FREE_BUSY_SCOPES)) {
      missing.add(Limitation.NO_FREE_BUSY);
    }
    this.limitations = Collections.unmodifiableSet(missing);
  }

  /**
   * The grant of these scopes.
   *
   * @param scopes the scopes as Google lists them (the token response's space-separated {@code
   *     scope}), none blank
   * @return the grant
   */
  public static GoogleGrant of(Collection<String> scopes) {
    Checks.notNull(scopes, "scopes");
    Set<String> copy = new LinkedHashSet<>();
    for (String s : scopes) {
      copy.add(Checks.notBlank(s, "scopes[]"));
    }
    return new GoogleGrant(copy);
  }

  /**
   * The grant stored with a credential; a credential that records no scopes counts as having the
   * configured ones.
   */
  static GoogleGrant of(OAuthCredential credential, GoogleConfig config) {
    return of(credential.scopes().isEmpty() ? config.scopes() : credential.scopes());
  }

  /** {@return the scopes granted} */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * {@return whether events can be written and read (booking, pushing appointments, sync, push
   * channels)}
   */
  public boolean canBook() {
    return !limitations.contains(Limitation.NO_EVENTS);
  }

  /** {@return whether {@code freebusy.query} is allowed} */
  public boolean canReadFreeBusy() {
    return !limitations.contains(Limitation.NO_FREE_BUSY);
  }

  /** {@return what the grant lacks; empty when everything works} */
  public Set<Limitation> limitations() {
    return limitations;
  }

  /** {@return the scopes to ask the tenant to grant again, in {@link Limitation} order} */
  public List<String> missingScopes() {
    List<String> out = new ArrayList<>();
    limitations.forEach(l -> out.add(l.scope()));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoogleGrant g && g.scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return scopes.hashCode();
  }

  @Override
  public String toString() {
    return "GoogleGrant{scopes=" + scopes + ", limitations=" + limitations + "}";
  }
}
