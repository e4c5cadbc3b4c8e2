package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.workflows.activities.EtcdMember;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * etcdctl (3.5) {@code member list -w json} and {@code endpoint health --cluster -w json}, as etcdctl prints them:
 * member IDs as decimal uint64 (above Long.MAX_VALUE too), name and clientURLs left out for a member never started,
 * isLearner only when true; health entries with "error" only when unhealthy (and then exit 1).
 */
class EtcdOutputTest {

  static final String THREE_MEMBERS =
      "{\"header\":{\"cluster_id\":12086922487335358447,\"member_id\":7603596232370395532,\"raft_term\":4},"
          + "\"members\":[{\"ID\":3004012411004541426,\"name\":\"cp-2\",\"peerURLs\":[\"https://192.168.56.12:2380\"],"
          + "\"clientURLs\":[\"https://192.168.56.12:2379\"]},{\"ID\":7603596232370395532,\"name\":\"cp-1\","
          + "\"peerURLs\":[\"https://192.168.56.11:2380\"],\"clientURLs\":[\"https://192.168.56.11:2379\"]},"
          + "{\"ID\":15813393834046573120,\"name\":\"cp-3\",\"peerURLs\":[\"https://192.168.56.13:2380\"],"
          + "\"clientURLs\":[\"https://192.168.56.13:2379\"]}]}\n";

  static final String WITH_UNSTARTED_LEARNER =
      "{\"header\":{\"cluster_id\":12086922487335358447,\"member_id\":7603596232370395532,\"raft_term\":4},"
          + "\"members\":[{\"ID\":7603596232370395532,\"name\":\"cp-1\",\"peerURLs\":[\"https://192.168.56.11:2380\"],"
          + "\"clientURLs\":[\"https://192.168.56.11:2379\"]},{\"ID\":1162496165337880097,"
          + "\"peerURLs\":[\"https://192.168.56.14:2380\"],\"isLearner\":true}]}\n";

  static final String ALL_HEALTHY = "[{\"endpoint\":\"https://192.168.56.11:2379\",\"health\":true,"
      + "\"took\":\"10.612287ms\"},{\"endpoint\":\"https://192.168.56.12:2379\",\"health\":true,"
      + "\"took\":\"11.053171ms\"},{\"endpoint\":\"https://192.168.56.13:2379\",\"health\":true,"
      + "\"took\":\"9.87344ms\"}]\n";

  static final String CP3_DOWN = "[{\"endpoint\":\"https://192.168.56.11:2379\",\"health\":true,"
      + "\"took\":\"10.612287ms\"},{\"endpoint\":\"https://192.168.56.12:2379\",\"health\":true,"
      + "\"took\":\"11.053171ms\"},{\"endpoint\":\"https://192.168.56.13:2379\",\"health\":false,"
      + "\"took\":\"5.001514483s\",\"error\":\"failed to commit proposal: context deadline exceeded\"}]\n";

  /** name, member list, endpoint health, expected "name:id:healthy[:error]" per member. */
  static List<Object[]> cases() {
    return List.of(
        new Object[] {
          "three healthy",
          THREE_MEMBERS,
          ALL_HEALTHY,
          "cp-2:29b0655f32ca59f2:true cp-1:6985667cddef998c:true cp-3:db7475e8bbb2ca40:true"
        },
        new Object[] {
          "cp-3 down",
          THREE_MEMBERS,
          CP3_DOWN,
          "cp-2:29b0655f32ca59f2:true cp-1:6985667cddef998c:true"
              + " cp-3:db7475e8bbb2ca40:false:failed to commit proposal: context deadline exceeded"
        },
        new Object[] {
          "an unstarted learner",
          WITH_UNSTARTED_LEARNER,
          "[{\"endpoint\":\"https://192.168.56.11:2379\",\"health\":true,\"took\":\"8.1ms\"}]",
          "cp-1:6985667cddef998c:true :1022041a6bb7d621:false:no client URL: never started"
        },
        new Object[] {
          "no health answer for a member",
          THREE_MEMBERS,
          "[{\"endpoint\":\"https://192.168.56.11:2379\",\"health\":true,\"took\":\"8.1ms\"}]",
          "cp-2:29b0655f32ca59f2:false:no health answer for https://192.168.56.12:2379"
              + " cp-1:6985667cddef998c:true"
              + " cp-3:db7475e8bbb2ca40:false:no health answer for https://192.168.56.13:2379"
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void testMembersWithHealth(String name, String list, String health, String expected) {
    List<EtcdMember> members = NodeOutput.etcdMembers(
        NodeOutput.etcdMemberList(list), NodeOutput.etcdEndpointHealth(health));
    assertEquals(
        expected,
        members.stream()
            .map(m -> m.name() + ":" + m.id() + ":" + m.healthy()
                + (m.error() == null ? "" : ":" + m.error()))
            .collect(Collectors.joining(" ")),
        name);
  }

  @org.junit.jupiter.api.Test
  void testLearnerAndUrls() {
    List<EtcdMember> m = NodeOutput.etcdMemberList(WITH_UNSTARTED_LEARNER);
    assertEquals(List.of("https://192.168.56.11:2379"), m.get(0).clientUrls());
    assertEquals(false, m.get(0).learner());
    assertEquals(true, m.get(1).learner());
    assertEquals(List.of(), m.get(1).clientUrls());
  }

  @org.junit.jupiter.api.Test
  void testNotJson() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeOutput.etcdMemberList("Error: context deadline exceeded\n"));
    assertThrows(
        IllegalArgumentException.class, () -> NodeOutput.etcdEndpointHealth("{\"health\":true}"));
  }
}
