/**
 * Tools for a language model in front of a booking chat, safe by construction: definitions as JSON
 * Schema, a strict dispatcher that takes the tenant and the customer from the conversation only,
 * and proposals that only the customer's own yes carries out ({@link
 * dev.cita.scheduling.assistant.tools.ChatTools}).
 */
@NullMarked
package dev.cita.scheduling.assistant.tools;

import org.jspecify.annotations.NullMarked;
