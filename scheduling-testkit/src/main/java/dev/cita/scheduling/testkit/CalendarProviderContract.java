package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CalendarProvider} must do, whatever the calendar behind it: a create is
 * idempotent per appointment (a retry after a lost or late answer returns the same event and books
 * no second one), a known event can be moved and cancelled (cancelling one already gone is fine),
 * busy time read for a window is answered for that window from memory, {@link
 * CalendarProvider#covers} says which resources it keeps, and failures come as {@link
 * ProviderException}s whose refusal and retry flags tell the sync worker what to do, within a
 * bounded time and without secrets in their messages.
 *
 * <p>The contract knows no provider and no HTTP library. A subclass runs it against a fake of its
 * provider (in Cita's adapters, WireMock stubs shaped like the provider's documented API): it
 * builds the provider pointed at the fake, stubs each situation the contract names, and checks the
 * exact requests the fake received, as in Micrometer's compatibility kits:
 *
 * <pre>{@code
 * class MyCalendarProviderContractTest extends CalendarProviderContract {
 *   @RegisterExtension static WireMockExtension wm = ...;
 *
 *   @Override
 *   protected CalendarProvider provider() {
 *     return MyCalendarProvider.builder().baseUrl(wm.baseUrl()).readTimeout(ofMillis(500)).build();
 *   }
 *
 *   @Override
 *   protected String stubCreate(Appointment a) {
 *     wm.stubFor(post("/events").willReturn(okJson("{\"id\":\"evt-1\"}")));
 *     return "evt-1";
 *   }
 *   // ... the other stubs and checks
 * }
 * }</pre>
 *
 * <p>Each test calls {@link #provider()} once, after the subclass's own {@code @BeforeEach}
 * methods, so the fake may be started there; fakes must be empty at the start of each test.
 */
public abstract class CalendarProviderContract {
  /** For subclasses, which supply the provider under test and its fake. */
  protected CalendarProviderContract() {}

  // --- what the subclass supplies ---------------------------------------------------------------

  /**
   * {@return the provider under test, connected to the fake and covering {@link #appointment()}'s
   * resource} Called once per test.
   */
  protected abstract CalendarProvider provider();

  /**
   * {@return an appointment the provider can book} Its tenant and resource are connected; its start
   * is after the fake's "now".
   */
  protected abstract Appointment appointment();

  /** {@return a resource of the appointment's tenant that the provider does not keep} */
  protected abstract ResourceId uncoveredResource();

  /** {@return the secrets the provider holds (tokens, keys), which no exception message shows} */
  protected abstract List<String> secrets();

  /** {@return how many requests the fake has received so far in this test} */
  protected abstract int requestsSent();

  /**
   * Makes the fake book {@code appointment} when asked, and remember it: a later create of the same
   * appointment finds the booking there.
   *
   * @param appointment the appointment the provider will create
   * @return the provider's id of the event the create must return
   */
  protected abstract String stubCreate(Appointment appointment);

  /**
   * Makes the fake book {@code appointment} on the first request, but answer it later than the
   * provider's timeout; later requests are answered at once, and find the booking.
   *
   * @param appointment the appointment the provider will create
   * @return the provider's id of the event the booking made
   */
  protected abstract String stubCreateAnsweredLate(Appointment appointment);

  /**
   * Makes the fake answer a create of {@code appointment} with {@code status} and the provider's
   * usual error body for it, booking nothing. The contract asks for 400, 429 and 503.
   *
   * @param appointment the appointment the provider will try to create
   * @param status the HTTP status to answer
   */
  protected abstract void stubCreateFails(Appointment appointment, int status);

  /**
   * Checks, from the requests the fake received (their exact content), that it made {@code
   * bookings} bookings of {@code appointment}.
   *
   * @param appointment the appointment
   * @param bookings 0 or 1
   */
  protected abstract void assertBookings(Appointment appointment, int bookings);

  /**
   * Makes the fake accept moving the event {@code externalId} to {@code moved}'s time.
   *
   * @param moved the appointment at its new time
   * @param externalId the provider's id of the event, as the create returned it
   */
  protected abstract void stubMove(Appointment moved, String externalId);

  /**
   * Checks that the fake received the move of the event {@code externalId} to {@code moved}'s time,
   * exactly once.
   *
   * @param moved the appointment at its new time
   * @param externalId the provider's id of the event before the move
   * @param newId the id the move returned, if the move gave the event a new one
   */
  protected abstract void assertMoved(Appointment moved, String externalId, Optional<String> newId);

  /**
   * Makes the fake accept cancelling the event {@code externalId}, or answer that it is gone
   * already.
   *
   * @param appointment the cancelled appointment
   * @param externalId the provider's id of the event
   * @param alreadyGone true to answer as the provider does for an event cancelled or deleted before
   */
  protected abstract void stubCancel(
      Appointment appointment, String externalId, boolean alreadyGone);

  /**
   * Checks that the fake received the cancellation of the event {@code externalId}.
   *
   * @param appointment the cancelled appointment
   * @param externalId the provider's id of the event
   */
  protected abstract void assertCancelled(Appointment appointment, String externalId);

  /**
   * Makes the fake report {@code busy} as the busy time of {@link #appointment()}'s resource, other
   * than Cita's own bookings, when asked for {@code window}.
   *
   * @param window the span the contract will refresh
   * @param busy the busy intervals, each within the window
   */
  protected abstract void stubBusy(TimeInterval window, List<TimeInterval> busy);

  /**
   * Reads the busy time of {@link #appointment()}'s resource for {@code window} from the fake into
   * the provider, the way the adapter's refresher or sync does.
   *
   * @param provider the provider {@link #provider()} returned
   * @param window the span to read
   */
  protected abstract void refreshBusy(CalendarProvider provider, TimeInterval window);

  /**
   * {@return the longest a single call may take, retries included, when the fake does not answer in
   * time} Every network call has a timeout; this bounds the sum. 30 seconds unless overridden.
   */
  protected Duration longestCall() {
    return Duration.ofSeconds(30);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private ProviderException failure(ThrowingCallable call) {
    ProviderException e = catchThrowableOfType(ProviderException.class, call);
    assertThat(e).as("a ProviderException").isNotNull();
    for (String secret : secrets()) {
      assertThat(e.getMessage()).as("message of " + e).doesNotContain(secret);
    }
    return e;
  }

  private static Appointment movedByTwoHours(Appointment a) {
    return a.toBuilder()
        .start(a.start().plus(Duration.ofHours(2)))
        .end(a.end().plus(Duration.ofHours(2)))
        .status(AppointmentStatus.RESCHEDULED)
        .build();
  }

  private static Appointment cancelled(Appointment a) {
    return a.toBuilder().status(AppointmentStatus.CANCELLED).build();
  }

  /** The day around the appointment's start: the window busy time is refreshed for. */
  private static TimeInterval dayOf(Appointment a) {
    Instant from = a.start().minus(Duration.ofHours(12));
    return TimeInterval.of(from, from.plus(Duration.ofDays(1)));
  }

  // --- the contract ------------------------------------------------------------------------------

  @Nested
  @DisplayName("createEvent")
  class Create {
    @Test
    void createReturnsTheProvidersIdAndBooksOnce() {
      Appointment a = appointment();
      String expected = stubCreate(a);

      assertThat(provider().createEvent(a)).isEqualTo(expected);

      assertBookings(a, 1);
    }

    @Test
    void aRepeatedCreateOfOneAppointmentReturnsTheSameEventAndBooksNoSecond() {
      Appointment a = appointment();
      String expected = stubCreate(a);
      CalendarProvider provider = provider();

      String first = provider.createEvent(a);
      String again = provider.createEvent(a);

      assertThat(again).isEqualTo(first).isEqualTo(expected);
      assertBookings(a, 1);
    }

    /**
     * The provider booked it, but the answer came after the timeout: the call gives up in bounded
     * time, retryably (or finds the booking itself), and the retry returns that booking.
     */
    @Test
    void aCreateAnsweredTooLateIsRetryableAndItsRetryBooksNoSecond() {
      Appointment a = appointment();
      String expected = stubCreateAnsweredLate(a);
      CalendarProvider provider = provider();

      long started = System.nanoTime();
      String first;
      try {
        first = provider.createEvent(a);
      } catch (ProviderException e) {
        assertThat(e.isRetryable()).as("retryable: " + e.getMessage()).isTrue();
        assertThat(e.isRefusal()).as("a refusal: " + e.getMessage()).isFalse();
        first = null;
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("time the create took")
          .isLessThan(longestCall());
      String retried = first != null ? first : provider.createEvent(a);

      assertThat(retried).isEqualTo(expected);
      assertBookings(a, 1);
    }

    @Test
    void aCreateTheProviderRejectsAsInvalidIsAFinalRefusal() {
      Appointment a = appointment();
      stubCreateFails(a, 400);

      ProviderException e = failure(() -> provider().createEvent(a));

      assertThat(e.httpStatus()).hasValue(400);
      assertThat(e.isRefusal()).as("refusal").isTrue();
      assertThat(e.isRetryable()).as("retryable").isFalse();
      assertBookings(a, 0);
    }

    @Test
    void aServerErrorOnCreateIsRetryableAndNoRefusal() {
      Appointment a = appointment();
      stubCreateFails(a, 503);

      ProviderException e = failure(() -> provider().createEvent(a));

      assertThat(e.isRetryable()).as("retryable").isTrue();
      assertThat(e.isRefusal()).as("refusal").isFalse();
      assertBookings(a, 0);
    }

    @Test
    void aRateLimitedCreateIsRetryableAndNoRefusal() {
      Appointment a = appointment();
      stubCreateFails(a, 429);

      ProviderException e = failure(() -> provider().createEvent(a));

      assertThat(e.isRetryable()).as("retryable").isTrue();
      assertThat(e.isRefusal()).as("refusal").isFalse();
      assertBookings(a, 0);
    }
  }

  @Nested
  @DisplayName("moveEvent and cancelEvent")
  class MoveAndCancel {
    @Test
    void aKnownEventIsMovedToTheNewTime() {
      Appointment a = appointment();
      stubCreate(a);
      CalendarProvider provider = provider();
      String id = provider.createEvent(a);
      Appointment moved = movedByTwoHours(a);
      stubMove(moved, id);

      Optional<String> newId = provider.moveEvent(moved, id);

      assertThat(newId).as("a new id is never the old one").isNotEqualTo(Optional.of(id));
      assertMoved(moved, id, newId);
    }

    @Test
    void aKnownEventIsCancelled() {
      Appointment a = appointment();
      stubCreate(a);
      CalendarProvider provider = provider();
      String id = provider.createEvent(a);
      stubCancel(a, id, false);

      provider.cancelEvent(cancelled(a), id);

      assertCancelled(a, id);
    }

    @Test
    void cancellingAnEventAlreadyGoneIsNoError() {
      Appointment a = appointment();
      stubCreate(a);
      CalendarProvider provider = provider();
      String id = provider.createEvent(a);
      stubCancel(a, id, true);

      provider.cancelEvent(cancelled(a), id);

      assertBookings(a, 1);
    }
  }

  @Nested
  @DisplayName("busy and covers")
  class BusyAndCovers {
    @Test
    void busyTimeReadForAWindowIsAnsweredForItFromMemory() {
      Appointment a = appointment();
      TimeInterval window = dayOf(a);
      TimeInterval morning =
          TimeInterval.of(window.start().plus(Duration.ofHours(1)), Duration.ofMinutes(45));
      TimeInterval evening =
          TimeInterval.of(window.end().minus(Duration.ofHours(2)), Duration.ofMinutes(30));
      stubBusy(window, List.of(morning, evening));
      CalendarProvider provider = provider();
      refreshBusy(provider, window);
      int afterRefresh = requestsSent();

      List<TimeInterval> busy = provider.busy(a.tenant(), a.resource(), window);
      List<TimeInterval> firstHalf =
          provider.busy(
              a.tenant(),
              a.resource(),
              TimeInterval.of(window.start(), window.start().plus(Duration.ofHours(12))));

      assertThat(busy).containsExactlyInAnyOrder(morning, evening);
      assertThat(firstHalf)
          .as("only what overlaps the range asked")
          .containsExactly(morning)
          .allSatisfy(i -> assertThat(i.overlaps(window)).isTrue());
      assertThat(requestsSent()).as("requests after the refresh").isEqualTo(afterRefresh);
    }

    @Test
    void coversSaysWhichResourcesTheProviderKeeps() {
      Appointment a = appointment();
      CalendarProvider provider = provider();

      assertThat(provider.covers(a.tenant(), a.resource())).as("the connected resource").isTrue();
      assertThat(provider.covers(a.tenant(), uncoveredResource()))
          .as("a resource it does not keep")
          .isFalse();
      assertThat(provider.covers(TenantId.of("tenant-never-configured"), a.resource()))
          .as("another tenant")
          .isFalse();
    }

    @Test
    void aResourceTheProviderDoesNotKeepHasNoBusyTimeAndCostsNoRequest() {
      Appointment a = appointment();
      CalendarProvider provider = provider();

      assertThat(provider.busy(a.tenant(), uncoveredResource(), dayOf(a))).isEmpty();
      assertThat(requestsSent()).isZero();
    }
  }
}
