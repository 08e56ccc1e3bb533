package dev.cita.scheduling.holidays;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ClosureSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The public holidays of each branch's country (and region) as closures of whole local days, read
 * from Jollyday's holiday data (never a hand-typed list). A tenant the app did not turn holidays on
 * for has none. Give it to {@code BookingService.Builder.closureSource}; immutable and thread-safe.
 *
 * <pre>{@code
 * PublicHolidays holidays = PublicHolidays.builder()
 *     .branch(TenantId.of("providencia"), "CL")
 *     .branch(TenantId.of("madrid-centro"), "ES", "md")
 *     .build();
 * BookingService service = BookingService.builder()...closureSource(holidays).build();
 * }</pre>
 *
 * <p>Each closure's id is {@code holiday-<date>} and its reason the holiday's name (Jollyday's
 * description in {@link Builder#locale}, English by default). Only {@code PUBLIC_HOLIDAY}s close a
 * branch, on the date they are observed.
 */
public final class PublicHolidays implements ClosureSource {
  private final Map<TenantId, Calendar> branches;
  private final Locale locale;

  /** One branch's calendar: Jollyday's manager for the country, and the region path. */
  private record Calendar(HolidayManager manager, String[] region) {}

  private PublicHolidays(Builder b) {
    this.branches = Map.copyOf(b.branches);
    this.locale = b.locale;
  }

  /** {@return a builder with no branch turned on} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The public holidays of the tenant's country (and region) on the local dates {@code from} to
   * {@code to}, one closure of one whole day each, sorted by date.
   *
   * @param tenant the tenant (branch)
   * @param from the first local date asked about
   * @param to the last local date asked about, inclusive
   * @return the closures; empty for a tenant without holidays turned on
   */
  @Override
  public List<Closure> closures(TenantId tenant, LocalDate from, LocalDate to) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Calendar calendar = branches.get(tenant);
    if (calendar == null || to.isBefore(from)) {
      return List.of();
    }
    Set<Holiday> holidays =
        calendar.manager().getHolidays(from, to, HolidayType.PUBLIC_HOLIDAY, calendar.region());
    List<Closure> out = new ArrayList<>(holidays.size());
    holidays.stream()
        .sorted(Comparator.comparing(Holiday::getActualDate))
        .forEach(
            h ->
                out.add(
                    Closure.days(
                        "holiday-" + h.getActualDate(),
                        h.getActualDate(),
                        h.getActualDate(),
                        h.getDescription(locale))));
    return out;
  }

  @Override
  public String toString() {
    return "PublicHolidays" + branches.keySet();
  }

  /** Collects the branches that close on public holidays; {@link #build()} freezes them. */
  public static final class Builder {
    private final Map<TenantId, Calendar> branches = new HashMap<>();
    private Locale locale = Locale.ENGLISH;

    private Builder() {}

    /**
     * Turns holidays on for one branch.
     *
     * @param tenant the tenant (branch); once
     * @param country the ISO 3166 country code, such as {@code "CL"} (any case)
     * @param region the subdivision path inside the country as Jollyday names it, such as {@code
     *     "md"} (Community of Madrid) or {@code "md", "mad"} (the city of Madrid in it); none for
     *     national holidays only
     * @return this builder
     * @throws ValidationException naming {@code tenant}, {@code country} or {@code region} if the
     *     tenant was already added, the country is unknown to Jollyday or the region is not one of
     *     its subdivisions
     */
    public Builder branch(TenantId tenant, String country, String... region) {
      Checks.notNull(tenant, "tenant");
      Checks.notBlank(country, "country");
      Checks.notNull(region, "region");
      if (branches.containsKey(tenant)) {
        throw new ValidationException("tenant", "holidays are already on for " + tenant);
      }
      String code = country.toUpperCase(Locale.ROOT);
      if (!HolidayManager.getSupportedCalendarCodes().contains(code)) {
        throw new ValidationException(
            "country", "no holiday data for '" + country + "' (an ISO 3166 code such as CL)");
      }
      HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(code));
      String[] path = new String[region.length];
      CalendarHierarchy level = manager.getCalendarHierarchy();
      for (int i = 0; i < region.length; i++) {
        String part = Checks.notBlank(region[i], "region").toLowerCase(Locale.ROOT);
        level = level.getChildren().get(part);
        if (level == null) {
          throw new ValidationException(
              "region", "'" + region[i] + "' is not a subdivision Jollyday knows in " + country);
        }
        path[i] = part;
      }
      branches.put(tenant, new Calendar(manager, path));
      return this;
    }

    /**
     * The language of the closures' reasons (Jollyday's descriptions; English when it has none in
     * that language).
     *
     * @param locale the language, such as {@code Locale.ENGLISH}
     * @return this builder
     */
    public Builder locale(Locale locale) {
      this.locale = Checks.notNull(locale, "locale");
      return this;
    }

    /** {@return the source, immutable} */
    public PublicHolidays build() {
      return new PublicHolidays(this);
    }
  }
}
