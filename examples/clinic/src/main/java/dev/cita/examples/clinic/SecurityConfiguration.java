package dev.cita.examples.clinic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Admin pages behind a form login with the bootstrap admin from {@code clinic.admin-username} and
 * {@code clinic.admin-password}; CSRF tokens on every form. The chat, the home page, the connect
 * pages and the provider callbacks are public; webhooks need no login and no CSRF token, only the
 * provider's signature, which Cita checks.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  /**
   * {@return the rules}
   *
   * @param http Spring Security's builder
   * @throws Exception when Spring Security does
   */
  @Bean
  public SecurityFilterChain clinicSecurity(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            a -> a.requestMatchers("/admin", "/admin/**").authenticated().anyRequest().permitAll())
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/admin", false).permitAll())
        .logout(l -> l.logoutSuccessUrl("/"))
        .csrf(c -> c.ignoringRequestMatchers("/cita/webhooks/**"));
    return http.build();
  }

  /**
   * {@return the bootstrap admin}
   *
   * @param properties the demo's settings
   */
  @Bean
  public UserDetailsService clinicAdmins(ClinicProperties properties) {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    return new InMemoryUserDetailsManager(
        User.withUsername(properties.getAdminUsername())
            .password(encoder.encode(properties.getAdminPassword()))
            .roles("ADMIN")
            .build());
  }
}
