package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.EtcdMember;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** n members, h healthy: taking a healthy member down needs h-1 > n/2; the refusal names the unhealthy members. */
class EtcdQuorumPolicyTest {

  /** "cp-1 cp-2 cp-3!" — "!" marks an unhealthy member, "~" a learner. */
  static List<EtcdMember> members(String spec) {
    List<EtcdMember> out = new ArrayList<>();
    int id = 1;
    for (String m : spec.split(" ")) {
      boolean down = m.endsWith("!");
      boolean learner = m.endsWith("~");
      String name = m.replaceAll("[!~]$", "");
      out.add(new EtcdMember(
          name,
          Integer.toHexString(id++),
          List.of("https://" + name + ":2379"),
          learner,
          !down,
          down ? "context deadline exceeded" : null));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "3 healthy: one may go; cp-1; cp-1 cp-2 cp-3; ",
        "3, cp-3 down: cp-1 may not go; cp-1; cp-1 cp-2 cp-3!; unhealthy: cp-3 (context deadline exceeded)",
        "3, cp-3 down: cp-3 itself may (nothing more is lost); cp-3; cp-1 cp-2 cp-3!; ",
        "3, two down: not even the unhealthy one; cp-3; cp-1 cp-2! cp-3!; 1 of 3 members would stay healthy, 2 are needed",
        "5, one down: 3 of 5 stay; cp-1; cp-1 cp-2 cp-3 cp-4 cp-5!; ",
        "5, two down: 2 of 5 would stay; cp-1; cp-1 cp-2 cp-3 cp-4! cp-5!; unhealthy: cp-4 (context deadline exceeded), cp-5 (context deadline exceeded)",
        "4, one down: 2 of 4 is not a majority; cp-1; cp-1 cp-2 cp-3 cp-4!; 2 of 4 members would stay healthy, 3 are needed",
        "1 member: no fault tolerance to keep; cp-1; cp-1; ",
        "2 healthy: no fault tolerance to keep; cp-2; cp-1 cp-2; ",
        "2, cp-1 down: cp-2 may not go; cp-2; cp-1! cp-2; unhealthy: cp-1",
        "a learner does not vote; cp-1; cp-1 cp-2 cp-3! cp-4~; unhealthy: cp-3",
        "not a member (external etcd): nothing to lose; cp-9; cp-1! cp-2! cp-3; ",
      })
  void testVerdict(String name, String node, String spec, String refusal) {
    EtcdQuorumPolicy.Verdict v = EtcdQuorumPolicy.check(node, members(spec));
    if (refusal == null) {
      assertNull(v.refusal(), name);
      assertTrue(v.allowed());
    } else {
      assertTrue(v.refusal() != null && v.refusal().contains(refusal), name + ": " + v.refusal());
      assertTrue(v.refusal().startsWith("taking down the etcd member of " + node), v.refusal());
    }
  }

  @org.junit.jupiter.api.Test
  void testRefusalReadsAsOneSentence() {
    assertEquals(
        "taking down the etcd member of cp-1 would lose etcd quorum: 1 of 3 members would stay healthy,"
            + " 2 are needed; unhealthy: cp-3 (context deadline exceeded). Bring the unhealthy members back,"
            + " then retry cp-1",
        EtcdQuorumPolicy.check("cp-1", members("cp-1 cp-2 cp-3!")).refusal());
  }
}
