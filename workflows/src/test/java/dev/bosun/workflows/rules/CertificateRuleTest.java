package dev.bosun.workflows.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.CertificateExpiry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateRuleTest {

  private static final long DAY = CertificateRule.DAY_SECONDS;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # case                                        | kind      | days left | missing | renewal | status  | message contains
      leaf with a year left is ok                   | leaf      | 348       | false   | true    | ok      | ''
      leaf at exactly 30 days is ok                 | leaf      | 30        | false   | false   | ok      | ''
      leaf under 30 days warns                      | leaf      | 29        | false   | true    | warning | expires in 29 days
      leaf under 30 days warns without renewal too  | leaf      | 10        | false   | false   | warning | expires in 10 days
      leaf at exactly 7 days only warns             | leaf      | 7         | false   | false   | warning | expires in 7 days
      leaf under 7 days warns when renewal is on    | leaf      | 5         | false   | true    | warning | kubeadm upgrade renews it
      leaf under 7 days blocks when renewal is off  | leaf      | 5         | false   | false   | blocker | renew it first (bosun certs --renew)
      leaf with hours left blocks without renewal   | leaf      | 0.5       | false   | false   | blocker | expires in 12 hours
      expired leaf blocks even with renewal         | leaf      | 0         | false   | true    | blocker | expired on
      authority under 30 days warns                 | authority | 20        | false   | true    | warning | certificate authority ca on cp-1 expires in 20 days
      authority under 7 days blocks despite renewal | authority | 3         | false   | true    | blocker | kubeadm never renews a certificate authority
      expired authority blocks                      | authority | -1        | false   | true    | blocker | kubeadm never renews a certificate authority
      external leaf under 7 days blocks             | external  | 3         | false   | true    | blocker | externally managed
      external leaf under 30 days warns             | external  | 20        | false   | true    | warning | expires in 20 days
      missing leaf warns                            | leaf      | 0         | true    | true    | warning | is missing: kubeadm cannot check or renew it
      missing authority blocks                      | authority | 0         | true    | true    | blocker | is missing: kubeadm upgrade needs it
      """)
  void testAssess(
      String scenario,
      String kind,
      double daysLeft,
      boolean missing,
      boolean renewal,
      String status,
      String contains) {
    boolean authority = kind.equals("authority");
    CertificateExpiry c = new CertificateExpiry(
        "cp-1",
        authority ? "ca" : "apiserver",
        "2027-01-01T00:00:00Z",
        (long) (daysLeft * DAY),
        authority,
        missing,
        authority ? null : "ca",
        kind.equals("external"));
    CertificateRule.Verdict v = CertificateRule.assess(c, renewal);
    assertEquals(status, v.status().label(), scenario + ": " + v.message());
    assertTrue(v.message().contains(contains), scenario + ": " + v.message());
  }

  @ParameterizedTest(name = "{0} seconds read {1}")
  @CsvSource({
    "0, expired",
    "59, 1 minutes",
    "3599, 59 minutes",
    "7200, 2 hours",
    "172799, 47 hours",
    "172800, 2 days",
    "31449600, 364 days"
  })
  void testResidual(long seconds, String words) {
    assertEquals(words, CertificateRule.residual(seconds));
  }
}
