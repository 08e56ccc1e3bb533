package dev.cita.examples.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The clinic demo: {@code ./mvnw -pl examples/clinic -am spring-boot:run}. */
@SpringBootApplication
public class ClinicApplication {
  public static void main(String[] args) {
    SpringApplication.run(ClinicApplication.class, args);
  }
}
