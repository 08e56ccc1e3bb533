/**
 * Contract tests for the store SPIs: abstract JUnit 5 classes that you extend in your own test
 * sources to check that your implementation behaves as Cita needs. Add {@code scheduling-testkit}
 * in test scope, extend the contract of the SPI you implemented, return a new empty store from its
 * {@code newStore()}, and run your tests as usual.
 *
 * <pre>{@code
 * class MyTokenStoreTest extends TokenStoreContract {
 *   @Override
 *   protected TokenStore newStore() {
 *     return new MyTokenStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Cita's own in-memory stores run these same contracts.
 */
@NullMarked
package dev.cita.scheduling.testkit;

import org.jspecify.annotations.NullMarked;
