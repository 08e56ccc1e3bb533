package dev.cita.examples.clinic;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.assistant.Reply;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customer's web chat: the same assistant as the WhatsApp number answers, and Cita's notices to
 * the customer (a cancellation by the clinic, a reminder) appear in it. The customer gives a name
 * and a phone once; the session keeps them.
 */
@Controller
public class ChatController {
  private static final Locale ES = Locale.forLanguageTag("es");

  private final ClinicAgenda agenda;
  private final ChatLog log;

  /**
   * Creates the controller.
   *
   * @param agenda the assistant
   * @param log the chats
   */
  public ChatController(ClinicAgenda agenda, ChatLog log) {
    this.agenda = agenda;
    this.log = log;
  }

  /**
   * The chat, or the form asking for a name and a phone.
   *
   * @param session the customer's session
   * @param model the page model
   * @return the page
   */
  @GetMapping("/chat")
  public String chat(HttpSession session, Model model) {
    Object phone = session.getAttribute("phone");
    if (phone != null) {
      model.addAttribute("name", session.getAttribute("name"));
      model.addAttribute("phone", phone);
      model.addAttribute("messages", log.messages((String) phone));
    }
    return "chat";
  }

  /**
   * How many messages the chat has; the page polls it to show new notices.
   *
   * @param session the customer's session
   * @return the count, as text
   */
  @GetMapping(value = "/chat/count", produces = "text/plain")
  @ResponseBody
  public String count(HttpSession session) {
    Object phone = session.getAttribute("phone");
    return String.valueOf(phone == null ? 0 : log.messages((String) phone).size());
  }

  /**
   * Starts a chat.
   *
   * @param name the customer's name
   * @param phone the customer's phone, E.164
   * @param session the customer's session
   * @param flash the message for the next page
   * @return the chat
   */
  @PostMapping("/chat/start")
  public String start(
      @RequestParam("name") String name,
      @RequestParam("phone") String phone,
      HttpSession session,
      RedirectAttributes flash) {
    String e164 = phone.replaceAll("[\\s()-]", "");
    if (name.isBlank() || !e164.matches("\\+[1-9][0-9]{6,14}")) {
      flash.addFlashAttribute(
          "error", "Escriba su nombre y su teléfono con código de país, como +56912345678.");
      return "redirect:/chat";
    }
    session.setAttribute("name", name.strip());
    session.setAttribute("phone", e164);
    return "redirect:/chat";
  }

  /**
   * One message of the customer, answered by the assistant.
   *
   * @param text what the customer wrote
   * @param session the customer's session
   * @return the chat
   */
  @PostMapping("/chat")
  public String say(@RequestParam("text") String text, HttpSession session) {
    Object phone = session.getAttribute("phone");
    if (phone == null || text.isBlank()) {
      return "redirect:/chat";
    }
    String customer = (String) phone;
    log.add(customer, true, text.strip());
    String answer;
    try {
      Reply reply =
          agenda.handle(
              agenda.chatTenant(),
              customer,
              (String) session.getAttribute("name"),
              text.strip(),
              ES);
      answer = reply.text();
    } catch (ValidationException e) {
      answer = "No pude leer ese mensaje: " + e.getMessage();
    }
    log.add(customer, false, answer);
    return "redirect:/chat#end";
  }

  /**
   * Leaves the chat (a new customer may start one on this browser).
   *
   * @param session the customer's session
   * @return the start form
   */
  @PostMapping("/chat/leave")
  public String leave(HttpSession session) {
    session.removeAttribute("phone");
    session.removeAttribute("name");
    return "redirect:/chat";
  }
}
