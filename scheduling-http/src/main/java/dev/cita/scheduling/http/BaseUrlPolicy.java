package dev.cita.scheduling.http;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Which API roots an application may point an adapter at (a self-hosted Cal.com, for example), so a
 * configuration typo or a hostile setting cannot send an API key in clear or to an internal
 * service. By default ({@link #publicHttps()}): {@code https} only; no user info; no query or
 * fragment; no {@code localhost}; no IP literal that is loopback, private (10/8, 172.16/12,
 * 192.168/16, 100.64/10), unique-local ({@code fc00::/7}), link-local ({@code 169.254/16} such as
 * cloud metadata, {@code fe80::/10}), multicast, broadcast or the wildcard address; and no numeric
 * host in a non-standard form ({@code 2130706433}, {@code 0x7f.1}, {@code 127.1}) that a resolver
 * would read as an address. {@link #allowInsecureHttp()} and {@link #allowPrivateNetwork()} open
 * the first two for a server on the same network (and for tests against a local mock); link-local,
 * multicast, broadcast, wildcard and non-standard numeric hosts stay refused. Host names are not
 * resolved here: restrict outbound traffic as well if names you do not control may point inside
 * your network. Immutable.
 *
 * <pre>{@code
 * HttpUrl root = BaseUrlPolicy.publicHttps().check("https://cal.clinic.example/", "calcomTenant.baseUrl");
 * BaseUrlPolicy lan = BaseUrlPolicy.publicHttps().allowPrivateNetwork().allowInsecureHttp();
 * }</pre>
 */
public final class BaseUrlPolicy {
  private static final BaseUrlPolicy PUBLIC_HTTPS = new BaseUrlPolicy(false, false);
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)[0-9]+|0x[0-9a-f]*");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
              + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private final boolean insecureHttp;
  private final boolean privateNetwork;

  private BaseUrlPolicy(boolean insecureHttp, boolean privateNetwork) {
    this.insecureHttp = insecureHttp;
    this.privateNetwork = privateNetwork;
  }

  /** {@return the default policy: public https hosts only} */
  public static BaseUrlPolicy publicHttps() {
    return PUBLIC_HTTPS;
  }

  /**
   * {@return this policy, also allowing plain {@code http}} The API key then travels unencrypted.
   */
  public BaseUrlPolicy allowInsecureHttp() {
    return new BaseUrlPolicy(true, privateNetwork);
  }

  /**
   * {@return this policy, also allowing {@code localhost}, loopback, private and unique-local
   * addresses}
   */
  public BaseUrlPolicy allowPrivateNetwork() {
    return new BaseUrlPolicy(insecureHttp, true);
  }

  /** {@return whether plain {@code http} is allowed} */
  public boolean allowsInsecureHttp() {
    return insecureHttp;
  }

  /**
   * {@return whether {@code localhost}, loopback, private and unique-local addresses are allowed}
   */
  public boolean allowsPrivateNetwork() {
    return privateNetwork;
  }

  /**
   * Parses {@code url} and checks it against this policy.
   *
   * @param url the configured API root
   * @param field the setting's name, for the exception
   * @return the parsed URL
   * @throws ValidationException naming {@code field} when it is not an http(s) URL or the policy
   *     refuses it
   */
  public HttpUrl check(String url, String field) {
    HttpUrl parsed = HttpUrl.parse(Checks.notBlank(url, field));
    if (parsed == null) {
      throw new ValidationException(field, "is not an http(s) URL");
    }
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      throw new ValidationException(field, "must not carry user info (credentials in the URL)");
    }
    if (parsed.query() != null || parsed.fragment() != null) {
      throw new ValidationException(field, "must not have a query string or fragment");
    }
    if (!parsed.isHttps() && !insecureHttp) {
      throw new ValidationException(
          field,
          "must use https, so the API key is not sent in clear (allow plain http explicitly with"
              + " allowInsecureHttp() for a server on the same host or network)");
    }
    checkHost(parsed.host(), field);
    return parsed;
  }

  private void checkHost(String host, String field) {
    String name = host.toLowerCase(Locale.ROOT);
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      requirePrivateNetwork(field, "localhost");
      return;
    }
    boolean ipv6 = name.indexOf(':') >= 0;
    String lastLabel = name.substring(name.lastIndexOf('.') + 1);
    if (!ipv6 && !NUMERIC_LABEL.matcher(lastLabel).matches()) {
      return; // a host name: not resolved here
    }
    if (!ipv6 && !DOTTED_QUAD.matcher(name).matches()) {
      throw new ValidationException(
          field, "has a numeric host in a non-standard form; write the address as a.b.c.d");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(name); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new ValidationException(field, "has a host that is not a valid address");
    }
    byte[] b = address.getAddress();
    if (address.isLinkLocalAddress()
        || address.isMulticastAddress()
        || address.isAnyLocalAddress()
        || (b.length == 4 && ((b[0] == 0) || (b[0] & 0xff) == 255))) {
      throw new ValidationException(
          field,
          "points at a link-local, multicast, broadcast or wildcard address "
              + "(such as a cloud metadata service), which no API root may use");
    }
    boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    boolean sharedAddressSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || uniqueLocal
        || sharedAddressSpace) {
      requirePrivateNetwork(field, "a loopback or private-network address");
    }
  }

  private void requirePrivateNetwork(String field, String what) {
    if (!privateNetwork) {
      throw new ValidationException(
          field,
          "points at "
              + what
              + "; allow it explicitly with allowPrivateNetwork() for a server on the same"
              + " network");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaseUrlPolicy p
        && p.insecureHttp == insecureHttp
        && p.privateNetwork == privateNetwork;
  }

  @Override
  public int hashCode() {
    return (insecureHttp ? 1 : 0) + (privateNetwork ? 2 : 0);
  }

  @Override
  public String toString() {
    return "BaseUrlPolicy{https"
        + (insecureHttp ? "+http" : "")
        + (privateNetwork ? ", private network" : "")
        + "}";
  }
}
