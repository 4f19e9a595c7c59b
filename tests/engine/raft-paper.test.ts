// Tests that follow the Raft paper ("In Search of an Understandable Consensus Algorithm",
// extended version), after etcd-io/raft's raft_paper_test.go. Each test names the section
// and the rule it checks, and drives members directly with step/tick.

import { describe, expect, it } from "vitest";
import { message, type Entry, type Message, type Raft } from "@/lib/engine/raft";
import { Network, newRaft, raftWithLog } from "./support/network";

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
const entry = (term: number, index: number, data = ""): Entry => ({ term, index, type: "normal", data });

function drain(r: Raft): Message[] {
  const msgs = r.msgs;
  r.msgs = [];
  return msgs;
}

/** Ticks one member `ticks` times, delivering what it sends after each tick. */
function tickAlone(net: Network, id: string, ticks: number): void {
  for (let i = 0; i < ticks; i++) {
    net.get(id).tick();
    net.send(...net.readMessages(id));
  }
}

function tickUntilCampaign(r: Raft): void {
  for (let i = 0; i < 2 * r.electionTimeout; i++) r.tick();
}

/** Every follower acknowledges a fresh leader's no-op: the leader is in steady state. */
function acknowledgeNoop(r: Raft): void {
  for (const id of r.voters()) {
    if (id !== r.id) r.step(message({ type: "MsgAppResp", from: id, to: r.id, term: r.term, index: r.raftLog.lastIndex() }));
  }
  expect(r.raftLog.committed).toBe(r.raftLog.lastIndex());
  drain(r);
}

describe("§5.1 terms", () => {
  it.each(["follower", "candidate", "leader"] as const)("a %s that sees a higher term becomes a follower of that term", (state) => {
    const r = newRaft("1", ids(3));
    if (state === "candidate") r.becomeCandidate();
    if (state === "leader") {
      r.becomeCandidate();
      r.becomeLeader();
    }
    r.step(message({ type: "MsgApp", from: "2", to: "1", term: 2 }));
    expect(r.term).toBe(2);
    expect(r.state).toBe("follower");
    expect(r.lead).toBe("2");
  });

  it("a member ignores messages from an older term (§5.1: stale requests are rejected)", () => {
    const r = newRaft("1", ids(3));
    r.becomeFollower(2, "2");
    r.step(message({ type: "MsgApp", from: "3", to: "1", term: 1, entries: [entry(1, 1)] }));
    expect(r.raftLog.lastIndex()).toBe(0);
    expect(drain(r)).toEqual([]);
  });
});

describe("§5.2 leader election", () => {
  it.each(["follower", "candidate"] as const)("a %s that hears nothing for an election timeout starts an election", (state) => {
    const r = newRaft("1", ids(3));
    if (state === "candidate") r.becomeCandidate();
    const termBefore = r.term;
    tickUntilCampaign(r);
    expect(r.term).toBe(termBefore + 1);
    expect(r.state).toBe("candidate");
    expect(r.vote).toBe("1");
    const votes = drain(r).filter((m) => m.type === "MsgVote");
    expect(votes.map((m) => m.to).sort()).toEqual(["2", "3"]);
    expect(votes.every((m) => m.term === r.term)).toBe(true);
  });

  it("a leader sends heartbeats to all followers every heartbeat interval", () => {
    const r = newRaft("1", ids(3));
    r.becomeCandidate();
    r.becomeLeader();
    drain(r);
    r.tick();
    const beats = drain(r).filter((m) => m.type === "MsgHeartbeat");
    expect(beats.map((m) => m.to).sort()).toEqual(["2", "3"]);
  });

  it.each([
    [1, [] as string[], "leader"],
    [3, ["2"], "leader"],
    [3, ["2", "3"], "candidate"],
    [5, ["2", "3"], "leader"],
    [5, ["2", "3", "4"], "candidate"],
  ] as const)("in a cluster of %i with %j not voting, the candidate ends as %s", (size, silent, expected) => {
    const net = Network.ofSize(size);
    for (const id of silent) net.isolate(id);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    const r = net.get("1");
    expect(r.state).toBe(expected);
    expect(r.term).toBe(1);
  });

  it("a member votes for at most one candidate per term, first come first served", () => {
    const r = newRaft("1", ids(3));
    r.step(message({ type: "MsgVote", from: "2", to: "1", term: 1, index: 0, logTerm: 0 }));
    r.step(message({ type: "MsgVote", from: "3", to: "1", term: 1, index: 0, logTerm: 0 }));
    const answers = drain(r).filter((m) => m.type === "MsgVoteResp");
    expect(answers.map((m) => [m.to, m.reject])).toEqual([
      ["2", false],
      ["3", true],
    ]);
    expect(r.vote).toBe("2");
  });

  it("a candidate that hears from a leader of its term steps down", () => {
    const r = newRaft("1", ids(3));
    r.becomeCandidate();
    r.step(message({ type: "MsgApp", from: "2", to: "1", term: r.term }));
    expect(r.state).toBe("follower");
    expect(r.lead).toBe("2");
  });

  it("election timeouts are randomized in [electionTimeout, 2 × electionTimeout)", () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const r = newRaft("1", ids(3), { seed });
      let ticks = 0;
      while (r.state !== "candidate") {
        r.tick();
        ticks++;
      }
      seen.add(ticks);
    }
    expect(Math.min(...seen)).toBe(10);
    expect(Math.max(...seen)).toBe(19);
    expect(seen.size).toBe(10);
  });

  it("randomized timeouts break split votes: a cluster elects one leader", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const net = Network.ofSize(5, { seed });
      for (let t = 0; t < 100; t++) {
        for (const r of net.peers.values()) r.tick();
        for (const id of net.peers.keys()) net.send(...net.readMessages(id));
        if ([...net.peers.values()].some((r) => r.state === "leader")) break;
      }
      const leaders = [...net.peers.values()].filter((r) => r.state === "leader");
      expect(leaders.length, `seed ${seed}`).toBe(1);
    }
  });
});

describe("§5.3 log replication", () => {
  it("a leader appends a proposal to its log with its term and sends it to followers", () => {
    const r = newRaft("1", ids(3));
    r.becomeCandidate();
    r.becomeLeader();
    acknowledgeNoop(r);
    r.step(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "x")] }));
    expect(r.raftLog.lastIndex()).toBe(2);
    expect(r.raftLog.term(2)).toBe(r.term);
    const apps = drain(r).filter((m) => m.type === "MsgApp");
    expect(apps.map((m) => m.to).sort()).toEqual(["2", "3"]);
    expect(apps.every((m) => m.entries.at(-1)?.data === "x")).toBe(true);
  });

  it("an entry is committed once a majority has it, and followers learn the commit index", () => {
    const net = Network.ofSize(5);
    net.isolate("4");
    net.isolate("5");
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "some data")] }));
    for (const id of ["1", "2", "3"]) expect(net.get(id).raftLog.committed, id).toBe(2);
    for (const id of ["4", "5"]) expect(net.get(id).raftLog.committed, id).toBe(0);
    net.recover();
    net.send(message({ type: "MsgBeat", from: "1", to: "1" }));
    for (const id of ["4", "5"]) expect(net.get(id).raftLog.committed, id).toBe(2);
  });

  it("a follower rejects entries whose predecessor does not match (the consistency check)", () => {
    const r = raftWithLog("1", ids(3), [1, 2], 2);
    r.step(message({ type: "MsgApp", from: "2", to: "1", term: 2, index: 2, logTerm: 3, entries: [entry(3, 3)] }));
    const [resp] = drain(r);
    expect(resp).toMatchObject({ type: "MsgAppResp", reject: true, index: 2, rejectHint: 2 });
    r.step(message({ type: "MsgApp", from: "2", to: "1", term: 2, index: 2, logTerm: 2, entries: [entry(2, 3)] }));
    expect(drain(r)[0]).toMatchObject({ type: "MsgAppResp", reject: false, index: 3 });
  });

  it("a follower deletes a conflicting suffix and takes the leader's entries", () => {
    const r = raftWithLog("1", ids(3), [1, 2, 2], 3);
    r.step(
      message({ type: "MsgApp", from: "2", to: "1", term: 3, index: 1, logTerm: 1, entries: [entry(3, 2), entry(3, 3), entry(3, 4)] }),
    );
    expect(r.raftLog.allEntries().map((e) => e.term)).toEqual([1, 3, 3, 3]);
  });

  // Figure 7: a new leader (term 8) brings every kind of divergent follower in line.
  const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  const followers: Record<string, number[]> = {
    a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
    b: [1, 1, 1, 4],
    c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    e: [1, 1, 1, 4, 4, 4, 4],
    f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
  };
  it.each(Object.entries(followers))("Figure 7 (%s): the leader repairs the follower's log to match its own", (_name, followerLog) => {
    const term = 8;
    const lead = raftWithLog("1", ids(3), leaderLog, term);
    lead.raftLog.commitTo(leaderLog.length);
    const follower = raftWithLog("2", ids(3), followerLog, term - 1);
    // The third member votes and acknowledges but has no state that matters here.
    const net = new Network([lead, follower, null]);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    // The black hole never votes, so "2" must grant; its log is older than or equal to the leader's.
    net.send(message({ type: "MsgVoteResp", from: "3", to: "1", term: term + 1 }));
    expect(lead.state).toBe("leader");
    net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0)] }));
    const terms = (r: Raft) => r.raftLog.allEntries().map((e) => e.term);
    expect(terms(follower)).toEqual(terms(lead));
  });
});

describe("§5.4 safety", () => {
  it.each([
    // [voter's log terms, candidate's last (index, term), granted]
    [[1, 1], 2, 1, true],
    [[1, 1], 1, 1, false],
    [[1, 1], 3, 1, true],
    [[1, 2], 2, 1, false],
    [[1, 2], 2, 2, true],
    [[1, 2], 1, 3, true],
    [[1, 2], 3, 2, true],
  ] as const)("§5.4.1 a member with log %j votes for a candidate at (%i, %i): %s", (log, index, logTerm, granted) => {
    const r = raftWithLog("1", ids(2), [...log], 2);
    r.step(message({ type: "MsgVote", from: "2", to: "1", term: 3, index, logTerm }));
    const [resp] = drain(r);
    expect(resp?.type).toBe("MsgVoteResp");
    expect(resp?.reject).toBe(!granted);
  });

  it("§5.4.2 a leader does not commit an entry of an earlier term by counting replicas", () => {
    // The leader of term 3 has entries of term 2 from before; replicating them to a
    // majority does not commit them until an entry of term 3 is also on a majority.
    const r = raftWithLog("1", ids(3), [2, 2], 2);
    r.becomeCandidate();
    r.becomeLeader(); // appends the no-op at index 3, term 3
    drain(r);
    r.step(message({ type: "MsgAppResp", from: "2", to: "1", term: r.term, index: 2 }));
    expect(r.raftLog.committed).toBe(0);
    r.step(message({ type: "MsgAppResp", from: "2", to: "1", term: r.term, index: 3 }));
    expect(r.raftLog.committed).toBe(3);
  });

  it("Leader Completeness: a member missing committed entries cannot be elected", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.isolate("3");
    net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "committed")] }));
    expect(net.get("1").raftLog.committed).toBe(2);
    net.recover();
    net.isolate("1");
    net.send(message({ type: "MsgHup", from: "3", to: "3" }));
    expect(net.get("3").state).toBe("candidate");
    net.send(message({ type: "MsgHup", from: "2", to: "2" }));
    expect(net.get("2").state).toBe("leader");
  });
});

describe("§6 cluster membership changes (single-step, as etcd 3.4)", () => {
  it("adding a voter raises the quorum", () => {
    const r = newRaft("1", ["1"]);
    r.becomeCandidate();
    r.becomeLeader();
    expect(r.quorum()).toBe(1);
    r.applyConfChange({ type: "addNode", nodeId: "2" });
    expect(r.voters().sort()).toEqual(["1", "2"]);
    expect(r.quorum()).toBe(2);
  });

  it("removing a voter lowers the quorum and commits what the remaining majority has", () => {
    const r = newRaft("1", ids(2));
    r.becomeCandidate();
    r.becomeLeader();
    expect(r.raftLog.committed).toBe(0);
    r.applyConfChange({ type: "removeNode", nodeId: "2" });
    expect(r.raftLog.committed).toBe(1);
  });

  it("a learner receives the log but neither votes nor campaigns, until promoted", () => {
    const a = newRaft("1", ["1"], { learners: ["2"] });
    const b = newRaft("2", ["1"], { learners: ["2"] });
    const net = new Network([a, b]);
    b.becomeFollower(1, "");
    for (let i = 0; i < 3 * b.electionTimeout; i++) b.tick();
    expect(b.state).toBe("follower");
    expect(drain(b)).toEqual([]);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    expect(a.state).toBe("leader");
    net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "x")] }));
    expect(b.raftLog.lastIndex()).toBe(a.raftLog.lastIndex());
    expect(a.quorum()).toBe(1);
    a.applyConfChange({ type: "addNode", nodeId: "2" });
    b.applyConfChange({ type: "addNode", nodeId: "2" });
    expect(a.quorum()).toBe(2);
    expect(b.promotable()).toBe(true);
  });

  it("only one membership change may be pending; a second becomes a no-op", () => {
    const r = newRaft("1", ["1"]);
    r.becomeCandidate();
    r.becomeLeader();
    const cc = (id: string): Entry => ({ term: 0, index: 0, type: "confChange", data: JSON.stringify({ type: "addNode", nodeId: id }) });
    r.step(message({ type: "MsgProp", from: "1", to: "1", entries: [cc("2")] }));
    r.step(message({ type: "MsgProp", from: "1", to: "1", entries: [cc("3")] }));
    const kinds = r.raftLog.allEntries().map((e) => e.type);
    expect(kinds).toEqual(["normal", "confChange", "normal"]);
  });
});

describe("§7 log compaction", () => {
  it("a leader sends a snapshot to a follower that needs compacted entries, and the follower restores it", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.isolate("3");
    for (let i = 0; i < 5; i++) net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, `v${i}`)] }));
    const lead = net.get("1");
    // Persist and compact the leader's log up to its commit index.
    const storage = lead.raftLog.storage as import("@/lib/engine/raft").MemoryStorage;
    storage.append(lead.raftLog.unstableEntries());
    lead.raftLog.stableTo(lead.raftLog.lastIndex(), lead.raftLog.lastTerm());
    lead.raftLog.appliedTo(lead.raftLog.committed);
    storage.createSnapshot(lead.raftLog.committed, lead.confState(), "state-at-6");
    storage.compact(lead.raftLog.committed);
    net.recover();
    // Mark the follower active so the leader is willing to send a snapshot.
    lead.prs.get("3")!.recentActive = true;
    lead.prs.get("3")!.becomeProbe();
    lead.prs.get("3")!.next = 1;
    net.send(message({ type: "MsgBeat", from: "1", to: "1" }));
    const follower = net.get("3");
    expect(follower.raftLog.committed).toBe(6);
    expect(follower.raftLog.snapshot().data).toBe("state-at-6");
    expect(net.delivered.some((m) => m.type === "MsgSnap" && m.to === "3")).toBe(true);
  });
});

describe("etcd's extensions", () => {
  it("CheckQuorum: a leader that cannot reach a quorum steps down after an election timeout", () => {
    const net = Network.ofSize(3, { checkQuorum: true });
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    const lead = net.get("1");
    expect(lead.state).toBe("leader");
    net.isolate("1");
    tickAlone(net, "1", 2 * lead.electionTimeout + 1);
    expect(lead.state).toBe("follower");
  });

  it("PreVote: a member cut off from the cluster does not raise its term, so rejoining does not depose the leader", () => {
    const net = Network.ofSize(3, { preVote: true });
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.isolate("3");
    const lonely = net.get("3");
    tickAlone(net, "3", 5 * lonely.electionTimeout);
    expect(lonely.term).toBe(1);
    expect(lonely.state).toBe("preCandidate");
    net.recover();
    net.send(message({ type: "MsgBeat", from: "1", to: "1" }));
    expect(net.get("1").state).toBe("leader");
    expect(net.get("1").term).toBe(1);
    expect(lonely.state).toBe("follower");
  });

  it("without PreVote the same member disrupts the cluster with a higher term (why etcd added it)", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.isolate("3");
    const lonely = net.get("3");
    tickAlone(net, "3", 5 * lonely.electionTimeout);
    expect(lonely.term).toBeGreaterThan(1);
    net.recover();
    net.send(message({ type: "MsgBeat", from: "1", to: "1" }));
    expect(net.get("1").term).toBeGreaterThan(1);
  });

  it("ReadIndex: a read is released only after a quorum confirms the leader, at the commit index", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.send(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "x")] }));
    const lead = net.get("1");
    net.isolate("2");
    net.isolate("3");
    net.send(message({ type: "MsgReadIndex", from: "1", to: "1", entries: [entry(0, 0, "req-1")] }));
    expect(lead.readStates).toEqual([]);
    net.recover();
    net.send(message({ type: "MsgBeat", from: "1", to: "1" }));
    expect(lead.readStates).toEqual([{ index: 2, requestCtx: "req-1" }]);
    // A follower's read goes through the leader and comes back.
    net.send(message({ type: "MsgReadIndex", from: "2", to: "2", entries: [entry(0, 0, "req-2")] }));
    expect(net.get("2").readStates).toEqual([{ index: 2, requestCtx: "req-2" }]);
  });

  it("leadership transfer: the leader catches the transferee up and sends TimeoutNow; it wins at once", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.send(message({ type: "MsgTransferLeader", from: "3", to: "1" }));
    expect(net.get("3").state).toBe("leader");
    expect(net.get("1").state).toBe("follower");
    expect(net.get("1").lead).toBe("3");
    expect(net.delivered.some((m) => m.type === "MsgTimeoutNow" && m.to === "3")).toBe(true);
  });

  it("a follower forwards a proposal to the leader without changing the message it received", () => {
    const r = newRaft("2", ids(3));
    r.becomeFollower(1, "1");
    const received = message({ type: "MsgProp", from: "3", to: "2", entries: [entry(0, 0, "x")] });
    r.step(received);
    expect(drain(r)).toMatchObject([{ type: "MsgProp", from: "2", to: "1" }]);
    expect(received).toMatchObject({ from: "3", to: "2" });
  });

  it("a leader handing over refuses proposals", () => {
    const net = Network.ofSize(3);
    net.send(message({ type: "MsgHup", from: "1", to: "1" }));
    net.isolate("3");
    net.send(message({ type: "MsgTransferLeader", from: "3", to: "1" }));
    const lead = net.get("1");
    expect(lead.leadTransferee).toBe("3");
    expect(() => lead.step(message({ type: "MsgProp", from: "1", to: "1", entries: [entry(0, 0, "y")] }))).toThrow(/proposal dropped/);
  });
});
