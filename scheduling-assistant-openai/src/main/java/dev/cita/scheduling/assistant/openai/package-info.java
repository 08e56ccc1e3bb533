/**
 * A booking assistant driven by a language model over an OpenAI-compatible Chat Completions API
 * (OpenAI, Azure OpenAI, Ollama, vLLM): the model talks and calls the booking tools, the tools
 * decide, and the rule-based assistant answers when the model cannot ({@link
 * dev.cita.scheduling.assistant.openai.OpenAiBookingAssistant}).
 */
@NullMarked
package dev.cita.scheduling.assistant.openai;

import org.jspecify.annotations.NullMarked;
