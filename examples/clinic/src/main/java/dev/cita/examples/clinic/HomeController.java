package dev.cita.examples.clinic;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page (the chain, links to the chat and the admin) and the login page. */
@Controller
public class HomeController {
  private final Directory directory;

  /**
   * Creates the controller.
   *
   * @param directory the chain's records
   */
  public HomeController(Directory directory) {
    this.directory = directory;
  }

  /**
   * The home page.
   *
   * @param model the page model
   * @return the page
   */
  @GetMapping("/")
  public String home(Model model) {
    model.addAttribute("branches", directory.branches());
    model.addAttribute("services", directory.services());
    return "home";
  }

  /** {@return the login page} */
  @GetMapping("/login")
  public String login() {
    return "login";
  }
}
